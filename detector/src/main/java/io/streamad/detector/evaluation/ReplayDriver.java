package io.streamad.detector.evaluation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.model.ModelSlot;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What every replay shares: the scoring topology as the service builds it, in a {@link TopologyTestDriver};
 * the trainer's loop beside it on the stream's event time (every scored record feeds the trainer's normal
 * sample through the same {@link SampleFeed} as in service, and the {@link RetrainJob} runs at the
 * configured check interval, so the retraining cadence, validation gate and warm start are the configured
 * ones); and the scored records read back row by row. Records arrive one at a time, as they would live (each
 * scoring batch holds one record). Row = the record's offset on the input topic, less the rows replayed
 * before the judged ones.
 */
final class ReplayDriver implements AutoCloseable {

    final double[] scores;
    final double[] thresholds;
    final Verdict[] verdicts;
    final boolean[] alerts;
    final String[] models;
    /** The rule besides the model's score that made a row an anomaly: {@code range}, {@code stuck}, both, or empty. */
    final String[] rules;

    private final TopologySettings settings;
    private final TrainerConfig trainer;
    private final String family;
    private final int offset;
    private final EventClock clock = new EventClock();
    private final ModelSlot sensors = new ModelSlot("sensor");
    private final ModelSlot transactions = new ModelSlot("transaction");
    private final SlotModelLine line;
    private final TopologyTestDriver driver;
    private final RetrainJob job;
    private final SampleFeed feed;
    private final TestInputTopic<byte[], byte[]> input;
    private final TestOutputTopic<String, ScoredRecord> scored;
    private final TestOutputTopic<String, AnomalyEvent> anomalies;
    private final List<SeriesResult.Training> trainings = new ArrayList<>();
    private long lastCheck = Long.MIN_VALUE;
    private RetrainJob.Outcome lastOutcome;

    /**
     * @param family  the family replayed ({@code sensor} or {@code transaction}): its model slot is the one trained
     * @param schema  its feature schema
     * @param dir     where trained models and state stores go
     * @param offset  records replayed first and not judged (a train file)
     * @param judged  records judged after them
     */
    ReplayDriver(TopologySettings settings, TrainerConfig trainer, String family, FeatureSchema schema, Path dir,
                 int offset, int judged) throws IOException {
        this.settings = settings;
        this.trainer = trainer;
        this.family = family;
        this.offset = offset;
        this.scores = new double[judged];
        this.thresholds = new double[judged];
        this.verdicts = new Verdict[judged];
        this.alerts = new boolean[judged];
        this.models = new String[judged];
        this.rules = new String[judged];
        NormalSample sample = NormalSample.of(trainer.getSample(), family, clock::millis);
        this.line = new SlotModelLine(family.equals("sensor") ? sensors : transactions, schema,
                Files.createDirectories(dir.resolve("models")));
        this.driver = driver(settings, sensors, transactions, dir.resolve("state"));
        this.job = new RetrainJob(trainer, Map.of(family, schema), Map.of(family, sample), line, new SimpleMeterRegistry(), clock);
        this.feed = new SampleFeed(Map.of(family, schema), Map.of(family, sample), line::has);
        ByteArraySerializer bytes = new ByteArraySerializer();
        this.input = driver.createInputTopic(family.equals("sensor") ? settings.topics().sensors() : settings.topics().transactions(),
                bytes, bytes);
        this.scored = driver.createOutputTopic(settings.topics().scores(), Serdes.String().deserializer(),
                AvroSerde.ofOutput(ScoredRecord.class).deserializer());
        this.anomalies = driver.createOutputTopic(settings.topics().anomalies(), Serdes.String().deserializer(),
                AvroSerde.ofOutput(AnomalyEvent.class).deserializer());
    }

    private static TopologyTestDriver driver(TopologySettings settings, ModelSlot sensors, ModelSlot transactions, Path state) {
        StreamsBuilder builder = new StreamsBuilder();
        ScoringTopology.build(builder, settings, Map.of(StreamKind.SENSOR, sensors, StreamKind.TRANSACTION, transactions),
                new DetectorMetrics(new SimpleMeterRegistry()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streamad-evaluate");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return new TopologyTestDriver(builder.build(), props);
    }

    /** One record at its event time: scored on its own, then the trainer's loop gets its turn if its check is due. */
    void send(byte[] key, byte[] value, long time) {
        clock.advanceTo(time);
        input.pipeInput(key, value, time);
        driver.advanceWallClockTime(settings.batching().maxDelay());
        drain();
        if (lastCheck == Long.MIN_VALUE || time - lastCheck >= trainer.getRetrain().getCheckInterval().toMillis()) {
            lastCheck = time;
            job.runOnce(family);
            noteTraining();
        }
    }

    /** Flushes the last batch; {@code name} names the replay if a judged row was never scored. */
    void finish(String name) {
        driver.advanceWallClockTime(settings.batching().maxDelay());
        drain();
        for (int i = 0; i < verdicts.length; i++) {
            if (verdicts[i] == null) {
                throw new IllegalStateException(name + ": row " + i + " was never scored");
            }
        }
    }

    /** Every candidate the trainer's loop produced so far, in order. */
    List<SeriesResult.Training> trainings() {
        return List.copyOf(trainings);
    }

    private void drain() {
        for (TestRecord<String, ScoredRecord> record : scored.readRecordsToList()) {
            ScoredRecord s = record.value();
            feed.accept(s);
            int row = (int) s.getSource().getOffset() - offset;
            if (row >= 0) {
                scores[row] = s.getScore();
                thresholds[row] = s.getThreshold();
                verdicts[row] = s.getVerdict();
                models[row] = s.getModelVersion();
                rules[row] = rule(s);
            }
        }
        for (AnomalyEvent event : anomalies.readValuesToList()) {
            int row = (int) event.getSource().getOffset() - offset;
            if (row >= 0) {
                alerts[row] = true;
            }
        }
    }

    private static String rule(ScoredRecord s) {
        if (s.getOutOfRange() && s.getStuck()) {
            return "range+stuck";
        }
        return s.getOutOfRange() ? "range" : s.getStuck() ? "stuck" : "";
    }

    private void noteTraining() {
        RetrainJob.Outcome outcome = job.outcomes().get(family);
        if (outcome != null && outcome != lastOutcome) {
            lastOutcome = outcome;
            trainings.add(new SeriesResult.Training(outcome.version(), clock.millis(), outcome.accepted(),
                    outcome.reason(), outcome.trainingMillis(), outcome.rows(),
                    outcome.accepted() ? line.calibration(outcome.version()).orElse(null) : null));
        }
    }

    @Override
    public void close() {
        driver.close();
        line.close();
        transactions.close();
        sensors.close();
    }
}
