package io.streamad.detector.evaluation;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.feature.TransactionFeatureExtractor;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.embedded.CardSimulator;
import io.streamad.detector.source.Sources;
import io.streamad.detector.topology.TopologySettings;
import io.streamad.trainer.config.TrainerConfig;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays labelled card transactions, in event-time order, through the real scoring topology with the
 * trainer's loop beside it ({@link ReplayDriver}), as {@link SeriesReplay} does for a sensor series: the same
 * features, per-card state, thresholds, retraining cadence, validation gate and model loader as in service.
 */
final class CardReplay {

    private static final String FAMILY = "transaction";
    private static final int PROGRESS_EVERY = 20_000;

    private final TopologySettings settings;
    private final TrainerConfig trainer;
    private final Path workDir;
    private final PrintStream console;

    CardReplay(TopologySettings settings, TrainerConfig trainer, Path workDir, PrintStream console) {
        this.settings = new TopologySettings(settings.topics(), settings.sensors(), settings.transactions(),
                settings.threshold(), settings.batching(), false, settings.input(), Sources.NONE);
        this.trainer = trainer;
        this.workDir = workDir;
        this.console = console;
    }

    /** What the replay made of each transaction, in input order, and the candidates trained on the way. */
    record Result(double[] scores, double[] thresholds, Verdict[] verdicts, boolean[] alerts, String[] models,
                  List<SeriesResult.Training> trainings, long millis) {
    }

    Result run(List<CardSimulator.Labelled> transactions) throws Exception {
        long started = System.nanoTime();
        FeatureSchema schema = new TransactionFeatureExtractor(settings.transactions()).schema();
        AvroSerde<CardTransaction> serde = AvroSerde.of(CardTransaction.class);
        try (ReplayDriver replay = new ReplayDriver(settings, trainer, FAMILY, schema, workDir, 0, transactions.size())) {
            for (int i = 0; i < transactions.size(); i++) {
                CardTransaction t = transactions.get(i).transaction();
                replay.send(t.getCardId().getBytes(StandardCharsets.UTF_8), serde.encode(t), t.getEventTime().toEpochMilli());
                if ((i + 1) % PROGRESS_EVERY == 0) {
                    List<SeriesResult.Training> trainings = replay.trainings();
                    console.printf("  %,d of %,d transactions replayed, %d models trained (%d refused); %d s elapsed%n",
                            i + 1, transactions.size(), trainings.size(), trainings.stream().filter(m -> !m.accepted()).count(),
                            (System.nanoTime() - started) / 1_000_000_000);
                }
            }
            replay.finish("cards");
            return new Result(replay.scores, replay.thresholds, replay.verdicts, replay.alerts, replay.models,
                    replay.trainings(), (System.nanoTime() - started) / 1_000_000);
        }
    }
}
