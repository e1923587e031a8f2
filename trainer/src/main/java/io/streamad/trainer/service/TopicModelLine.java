package io.streamad.trainer.service;

import io.streamad.trainer.model.ScoringModel;
import io.streamad.trainer.train.TrainedModel;

import java.util.Optional;

/** The models topic as the retraining loop's {@link ModelLine}: read through {@link CurrentModels}, written by the {@link ModelPublisher}. */
final class TopicModelLine implements ModelLine {

    private final CurrentModels models;
    private final ModelPublisher publisher;

    TopicModelLine(CurrentModels models, ModelPublisher publisher) {
        this.models = models;
        this.publisher = publisher;
    }

    @Override
    public boolean has(String family) {
        return models.has(family);
    }

    @Override
    public Optional<ScoringModel> serving(String family) {
        return models.serving(family);
    }

    @Override
    public boolean publish(String family, TrainedModel candidate) {
        return publisher.publish(candidate, models.releases(family), models.current(family).orElse(null));
    }
}
