package io.streamad.trainer.service;

import io.streamad.trainer.model.ScoringModel;
import io.streamad.trainer.train.TrainedModel;

import java.util.Optional;

/**
 * Where the retraining loop finds each family's serving model and sends the candidates it accepts: the
 * models topic in service, the replayed topology's model slot in an evaluation.
 */
public interface ModelLine {

    /** Whether the family serves a model already (if not, its first one is trained from warming-up rows). */
    boolean has(String family);

    /**
     * The family's serving model with a reference taken for the caller, who must
     * {@link ScoringModel#release()} it; empty if there is none or it cannot be used.
     */
    Optional<ScoringModel> serving(String family);

    /**
     * Ships an accepted candidate.
     *
     * @return whether it now serves (false: shipped, but an operator pinned another version)
     */
    boolean publish(String family, TrainedModel candidate);
}
