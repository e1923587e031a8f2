package io.streamad.detector.evaluation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.CardTransaction;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.feature.TransactionFeatureExtractor;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.embedded.CardSimulator;
import io.streamad.detector.model.ModelSlot;
import io.streamad.detector.source.Sources;
import io.streamad.detector.topology.TopologySettings;
import io.streamad.trainer.config.TrainerConfig;
import io.streamad.trainer.service.NormalSample;
import io.streamad.trainer.service.RetrainJob;
import io.streamad.trainer.service.SampleFeed;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays labelled card transactions through the real scoring topology in a {@link TopologyTestDriver},
 * with the trainer's loop beside it on the stream's event time, as {@link SeriesReplay} does for a sensor
 * series: the same features, per-card state, thresholds, retraining cadence, validation gate and model
 * loader as in service. Transactions arrive one at a time, in event-time order.
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
        EventClock clock = new EventClock();
        NormalSample sample = NormalSample.of(trainer.getSample(), FAMILY, clock::millis);
        try (ModelSlot sensors = new ModelSlot("sensor");
             ModelSlot cards = new ModelSlot(FAMILY);
             SlotModelLine line = new SlotModelLine(cards, schema, Files.createDirectories(workDir.resolve("models")));
             TopologyTestDriver driver = SeriesReplay.driver(settings, sensors, cards, workDir.resolve("state"))) {
            RetrainJob job = new RetrainJob(trainer, Map.of(FAMILY, schema), Map.of(FAMILY, sample), line,
                    new SimpleMeterRegistry(), clock);
            SampleFeed feed = new SampleFeed(Map.of(FAMILY, schema), Map.of(FAMILY, sample), line::has);
            Run run = new Run(transactions.size(), driver, clock, job, feed, line);
            for (int i = 0; i < transactions.size(); i++) {
                run.send(transactions.get(i).transaction());
                if ((i + 1) % PROGRESS_EVERY == 0) {
                    console.printf("  %,d of %,d transactions replayed, %d models trained (%d refused); %d s elapsed%n",
                            i + 1, transactions.size(), run.trainings.size(),
                            run.trainings.stream().filter(t -> !t.accepted()).count(), (System.nanoTime() - started) / 1_000_000_000);
                }
            }
            run.finish();
            return new Result(run.scores, run.thresholds, run.verdicts, run.alerts, run.models, List.copyOf(run.trainings),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The replay's moving parts and the rows it collects; row = the transaction's offset on the input topic. */
    private final class Run {
        final double[] scores;
        final double[] thresholds;
        final Verdict[] verdicts;
        final boolean[] alerts;
        final String[] models;
        final List<SeriesResult.Training> trainings = new ArrayList<>();
        private final TopologyTestDriver driver;
        private final EventClock clock;
        private final RetrainJob job;
        private final SampleFeed feed;
        private final SlotModelLine line;
        private final TestInputTopic<byte[], byte[]> input;
        private final TestOutputTopic<String, ScoredRecord> scored;
        private final TestOutputTopic<String, AnomalyEvent> anomalies;
        private final AvroSerde<CardTransaction> serde = AvroSerde.of(CardTransaction.class);
        private long lastCheck = Long.MIN_VALUE;
        private RetrainJob.Outcome lastOutcome;

        Run(int n, TopologyTestDriver driver, EventClock clock, RetrainJob job, SampleFeed feed, SlotModelLine line) {
            this.scores = new double[n];
            this.thresholds = new double[n];
            this.verdicts = new Verdict[n];
            this.alerts = new boolean[n];
            this.models = new String[n];
            this.driver = driver;
            this.clock = clock;
            this.job = job;
            this.feed = feed;
            this.line = line;
            ByteArraySerializer bytes = new ByteArraySerializer();
            this.input = driver.createInputTopic(settings.topics().transactions(), bytes, bytes);
            this.scored = driver.createOutputTopic(settings.topics().scores(), Serdes.String().deserializer(),
                    AvroSerde.ofOutput(ScoredRecord.class).deserializer());
            this.anomalies = driver.createOutputTopic(settings.topics().anomalies(), Serdes.String().deserializer(),
                    AvroSerde.ofOutput(AnomalyEvent.class).deserializer());
        }

        void send(CardTransaction transaction) {
            long time = transaction.getEventTime().toEpochMilli();
            clock.advanceTo(time);
            input.pipeInput(transaction.getCardId().getBytes(StandardCharsets.UTF_8), serde.encode(transaction), time);
            driver.advanceWallClockTime(settings.batching().maxDelay());
            drain();
            if (lastCheck == Long.MIN_VALUE || time - lastCheck >= trainer.getRetrain().getCheckInterval().toMillis()) {
                lastCheck = time;
                job.runOnce(FAMILY);
                noteTraining();
            }
        }

        void finish() {
            driver.advanceWallClockTime(settings.batching().maxDelay());
            drain();
            for (int i = 0; i < verdicts.length; i++) {
                if (verdicts[i] == null) {
                    throw new IllegalStateException("transaction " + i + " was never scored");
                }
            }
        }

        private void drain() {
            for (TestRecord<String, ScoredRecord> record : scored.readRecordsToList()) {
                ScoredRecord s = record.value();
                feed.accept(s);
                int row = (int) s.getSource().getOffset();
                scores[row] = s.getScore();
                thresholds[row] = s.getThreshold();
                verdicts[row] = s.getVerdict();
                models[row] = s.getModelVersion();
            }
            for (AnomalyEvent event : anomalies.readValuesToList()) {
                alerts[(int) event.getSource().getOffset()] = true;
            }
        }

        private void noteTraining() {
            RetrainJob.Outcome outcome = job.outcomes().get(FAMILY);
            if (outcome != null && outcome != lastOutcome) {
                lastOutcome = outcome;
                trainings.add(new SeriesResult.Training(outcome.version(), clock.millis(), outcome.accepted(),
                        outcome.reason(), outcome.trainingMillis(), outcome.rows(),
                        outcome.accepted() ? line.globalThreshold(outcome.version()).orElse(null) : null));
            }
        }
    }
}
