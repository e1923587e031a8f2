package io.streamad.detector.evaluation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.model.ModelSlot;
import io.streamad.detector.source.Sources;
import io.streamad.detector.topology.DetectorMetrics;
import io.streamad.detector.topology.ScoringTopology;
import io.streamad.detector.topology.TopologySettings;
import io.streamad.trainer.config.TrainerConfig;
import io.streamad.trainer.service.NormalSample;
import io.streamad.trainer.service.RetrainJob;
import io.streamad.trainer.service.SampleFeed;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Replays one series through the real scoring topology in a {@link TopologyTestDriver}, with the
 * trainer's loop beside it: every scored record feeds the trainer's normal sample through the same
 * {@link SampleFeed} as in service, and the {@link RetrainJob} runs on the stream's event time, so the
 * retraining cadence, validation gate and warm start are the configured ones. Readings arrive one at a
 * time, as they would live (each scoring batch holds one reading).
 */
final class SeriesReplay {

    private static final String FAMILY = "sensor";

    private final TopologySettings template;
    private final TrainerConfig trainer;
    private final Path workDir;

    /**
     * @param template the topology settings; the sensor measurements are replaced by each series' own
     * @param trainer  the trainer settings whose loop is simulated
     * @param workDir  where trained models and state stores go
     */
    SeriesReplay(TopologySettings template, TrainerConfig trainer, Path workDir) {
        this.template = template;
        this.trainer = trainer;
        this.workDir = workDir;
    }

    SeriesResult run(Series series, int index) throws Exception {
        long started = System.nanoTime();
        Path dir = Files.createDirectories(workDir.resolve(String.format("%03d", index)));
        SensorFeatureConfig features = template.sensors().withMeasurements(series.measurements());
        TopologySettings settings = new TopologySettings(template.topics(), features, template.transactions(),
                template.threshold(), template.batching(), false, template.input(), Sources.NONE);
        FeatureSchema schema = new SensorFeatureExtractor(features).schema();
        EventClock clock = new EventClock();
        NormalSample sample = NormalSample.of(trainer.getSample(), FAMILY, clock::millis);
        try (ModelSlot sensors = new ModelSlot(FAMILY);
             ModelSlot transactions = new ModelSlot("transaction");
             SlotModelLine line = new SlotModelLine(sensors, schema, dir.resolve("models"));
             TopologyTestDriver driver = driver(settings, sensors, transactions, dir.resolve("state"))) {
            RetrainJob job = new RetrainJob(trainer, Map.of(FAMILY, schema), Map.of(FAMILY, sample), line,
                    new SimpleMeterRegistry(), clock);
            SampleFeed feed = new SampleFeed(Map.of(FAMILY, schema), Map.of(FAMILY, sample), line::has);
            Run run = new Run(series, driver, settings, clock, job, feed, line);
            run.replay();
            return run.result((System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The scoring topology as the service builds it, in a test driver whose stores live under {@code state}. */
    static TopologyTestDriver driver(TopologySettings settings, ModelSlot sensors, ModelSlot transactions, Path state) {
        StreamsBuilder builder = new StreamsBuilder();
        ScoringTopology.build(builder, settings, Map.of(StreamKind.SENSOR, sensors, StreamKind.TRANSACTION, transactions),
                new DetectorMetrics(new SimpleMeterRegistry()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streamad-evaluate");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return new TopologyTestDriver(builder.build(), props);
    }

    /** One replay's moving parts and the rows it collects. */
    private final class Run {
        private final Series series;
        private final TopologyTestDriver driver;
        private final TopologySettings settings;
        private final EventClock clock;
        private final RetrainJob job;
        private final SampleFeed feed;
        private final SlotModelLine line;
        private final TestInputTopic<byte[], byte[]> input;
        private final TestOutputTopic<String, ScoredRecord> scores;
        private final TestOutputTopic<String, AnomalyEvent> anomalies;
        private final AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
        private final int offset;
        private final int n;
        private final double[] scoreOf;
        private final double[] thresholdOf;
        private final Verdict[] verdictOf;
        private final boolean[] alertOf;
        private final String[] modelOf;
        private final List<SeriesResult.Training> trainings = new ArrayList<>();
        private long lastCheck = Long.MIN_VALUE;
        private RetrainJob.Outcome lastOutcome;

        Run(Series series, TopologyTestDriver driver, TopologySettings settings, EventClock clock, RetrainJob job,
            SampleFeed feed, SlotModelLine line) {
            this.series = series;
            this.driver = driver;
            this.settings = settings;
            this.clock = clock;
            this.job = job;
            this.feed = feed;
            this.line = line;
            ByteArraySerializer bytes = new ByteArraySerializer();
            this.input = driver.createInputTopic(settings.topics().sensors(), bytes, bytes);
            this.scores = driver.createOutputTopic(settings.topics().scores(), Serdes.String().deserializer(),
                    AvroSerde.ofOutput(ScoredRecord.class).deserializer());
            this.anomalies = driver.createOutputTopic(settings.topics().anomalies(), Serdes.String().deserializer(),
                    AvroSerde.ofOutput(AnomalyEvent.class).deserializer());
            this.offset = series.history().size();
            this.n = series.readings().size();
            this.scoreOf = new double[n];
            this.thresholdOf = new double[n];
            this.verdictOf = new Verdict[n];
            this.alertOf = new boolean[n];
            this.modelOf = new String[n];
        }

        void replay() {
            series.history().forEach(this::send);
            series.readings().forEach(this::send);
            driver.advanceWallClockTime(settings.batching().maxDelay());
            drain();
            for (int i = 0; i < n; i++) {
                if (verdictOf[i] == null) {
                    throw new IllegalStateException(series.name() + ": row " + i + " was never scored");
                }
            }
        }

        private void send(SensorReading reading) {
            long time = reading.getEventTime().toEpochMilli();
            clock.advanceTo(time);
            input.pipeInput(reading.getSensorId().getBytes(StandardCharsets.UTF_8), serde.encode(reading), time);
            driver.advanceWallClockTime(settings.batching().maxDelay());
            drain();
            if (lastCheck == Long.MIN_VALUE || time - lastCheck >= trainer.getRetrain().getCheckInterval().toMillis()) {
                lastCheck = time;
                job.runOnce(FAMILY);
                noteTraining();
            }
        }

        private void drain() {
            for (TestRecord<String, ScoredRecord> record : scores.readRecordsToList()) {
                ScoredRecord scored = record.value();
                feed.accept(scored);
                int row = (int) scored.getSource().getOffset() - offset;
                if (row >= 0) {
                    scoreOf[row] = scored.getScore();
                    thresholdOf[row] = scored.getThreshold();
                    verdictOf[row] = scored.getVerdict();
                    modelOf[row] = scored.getModelVersion();
                }
            }
            for (AnomalyEvent event : anomalies.readValuesToList()) {
                int row = (int) event.getSource().getOffset() - offset;
                if (row >= 0) {
                    alertOf[row] = true;
                }
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

        SeriesResult result(long millis) {
            double[] values = new double[n];
            String first = series.measurements().get(0);
            for (int i = 0; i < n; i++) {
                values[i] = series.readings().get(i).getMeasurements().get(first);
            }
            return new SeriesResult(series, values, scoreOf, thresholdOf, verdictOf, alertOf, modelOf, trainings, millis);
        }
    }
}
