package io.streamad.trainer.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.trainer.config.TrainerConfig;
import io.streamad.trainer.model.ScoringModel;
import io.streamad.trainer.train.TestRows;
import io.streamad.trainer.train.TrainedModel;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The retraining loop's schedule, with real training and the real gate. */
class RetrainJobTest {

    private static final FeatureSchema SCHEMA = new FeatureSchema("sensor",
            IntStream.range(0, 6).mapToObj(i -> "f" + i).toList(), Map.of());
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Keeps what it is sent; the family serves nothing until a candidate is published. */
    private static final class Published implements ModelLine {
        final List<String> versions = new ArrayList<>();

        @Override
        public boolean has(String family) {
            return !versions.isEmpty();
        }

        @Override
        public Optional<ScoringModel> serving(String family) {
            return Optional.empty();
        }

        @Override
        public boolean publish(String family, TrainedModel candidate) {
            versions.add(candidate.manifest().version());
            return true;
        }
    }

    @Test
    void shouldNotRetryARefusedFirstModelAtEveryNewRow() {
        try (ApplicationContext context = context(400)) {
            TrainerConfig config = context.getBean(TrainerConfig.class);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            long[] now = {T0.toEpochMilli()};
            NormalSample sample = sample(Duration.ofDays(365), now);
            RetrainJob job = job(config, sample, new Published(), meters);

            // 360 rows of one regime, then 60 far outside it: the most recent rows, which the gate holds out, are
            // so unlike what the candidate learned that every score is clipped alike, synthetic anomalies or not,
            // and it is refused
            add(sample, now, TestRows.lowRank(360, 0, 1));
            add(sample, now, TestRows.lowRank(60, 50, 2));
            job.runOnce("sensor");
            assertThat(job.outcomes().get("sensor").accepted()).as(job.outcomes().get("sensor").reason()).isFalse();
            assertThat(trainings(meters)).isEqualTo(1);
            assertThat(attempts(meters, "refused")).isEqualTo(1);

            // a few more rows: not another training yet
            add(sample, now, TestRows.lowRank(99, 0, 3));
            job.runOnce("sensor");
            assertThat(trainings(meters)).isEqualTo(1);

            // a quarter of bootstrap-rows (100, below min-new-rows) since the refused attempt: the next one
            add(sample, now, TestRows.lowRank(1, 0, 4));
            job.runOnce("sensor");
            assertThat(trainings(meters)).isEqualTo(2);
        }
    }

    /** Publishing fails the first time, then works. */
    private static final class FailsOnce implements ModelLine {
        final List<String> versions = new ArrayList<>();
        boolean failed;

        @Override
        public boolean has(String family) {
            return !versions.isEmpty();
        }

        @Override
        public Optional<ScoringModel> serving(String family) {
            return Optional.empty();
        }

        @Override
        public boolean publish(String family, TrainedModel candidate) {
            if (!failed) {
                failed = true;
                throw new IllegalStateException("models topic unavailable");
            }
            versions.add(candidate.manifest().version());
            return true;
        }
    }

    @Test
    void shouldTimeEveryRetrainingAttemptByOutcome() {
        try (ApplicationContext context = context(300)) {
            TrainerConfig config = context.getBean(TrainerConfig.class);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            long[] now = {T0.toEpochMilli()};
            NormalSample sample = sample(Duration.ofDays(365), now);
            FailsOnce line = new FailsOnce();
            RetrainJob job = job(config, sample, line, meters);

            // every outcome is on the dashboard, at zero, before the first attempt
            assertThat(meters.find("streamad.retrain.duration").tag("family", "sensor").timers())
                    .extracting(t -> t.getId().getTag("outcome"))
                    .containsExactlyInAnyOrder("accepted", "refused", "failed", "skipped");

            // a good candidate whose publication fails, then the next one published
            add(sample, now, TestRows.lowRank(400, 0, 1));
            job.runOnce("sensor");
            add(sample, now, TestRows.lowRank(200, 0, 2));
            job.runOnce("sensor");

            assertThat(attempts(meters, "failed")).isEqualTo(1);
            assertThat(attempts(meters, "accepted")).as(String.valueOf(job.outcomes().get("sensor"))).isEqualTo(1);
            assertThat(line.versions).hasSize(1);
            assertThat(meters.get("streamad.retrain.duration").tags("family", "sensor", "outcome", "accepted").timer()
                    .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isPositive();

            // a family with a model, due for retraining, whose rows are mostly older than the sample's age:
            // too few left to train on
            NormalSample shortLived = sample(Duration.ofMinutes(100), now);
            Published serving = new Published();
            serving.versions.add("sensor-1");
            RetrainJob skipping = job(config, shortLived, serving, meters);
            add(shortLived, now, TestRows.lowRank(320, 0, 3));
            skipping.runOnce("sensor");
            assertThat(attempts(meters, "skipped")).isEqualTo(1);
        }
    }

    /** A trainer with this bootstrap-rows, retraining after 200 new rows, 10 epochs at most. */
    private static ApplicationContext context(int bootstrapRows) {
        return ApplicationContext.builder().properties(Map.of(
                "kafka.enabled", "false",
                "streamad.trainer.retrain.bootstrap-rows", bootstrapRows,
                "streamad.trainer.retrain.min-new-rows", 200,
                "streamad.trainer.retrain.max-epochs", 10)).start();
    }

    /** A normal sample of one sensor family, on the test's clock. */
    private static NormalSample sample(Duration maxAge, long[] now) {
        return new NormalSample(10_000, maxAge, Duration.ofMinutes(1), 10, () -> now[0]);
    }

    private static RetrainJob job(TrainerConfig config, NormalSample sample, ModelLine line, SimpleMeterRegistry meters) {
        return new RetrainJob(config, Map.of("sensor", SCHEMA), Map.of("sensor", sample), line, meters,
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static long attempts(SimpleMeterRegistry meters, String outcome) {
        return meters.get("streamad.retrain.duration").tags("family", "sensor", "outcome", outcome).timer().count();
    }

    private static void add(NormalSample sample, long[] now, float[][] rows) {
        for (float[] row : rows) {
            now[0] += 60_000;
            sample.normal("pump-1", now[0], row);
        }
    }

    private static double trainings(SimpleMeterRegistry meters) {
        return meters.find("streamad.trainer.candidates").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
