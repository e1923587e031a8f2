package io.streamad.detector.it;

import io.streamad.detector.topology.ReferenceRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One detector instance, then a second, then a third join while the stream runs: partitions and their
 * state move to the newcomers (standby replicas on), every record is scored once, and the keys that
 * moved carry on with their windows and thresholds: their scores are those of an uninterrupted run,
 * where a cold start would show as warm-up verdicts and different thresholds.
 */
class ScaleOutIT {

    @TempDir
    Path work;

    @Test
    void shouldKeepExactlyOnceAndPerKeyStateWhenInstancesJoinMidStream() throws Exception {
        // given
        SensorStream stream = new SensorStream(12, 600, 13);
        Path model = ReliabilityCluster.trainModel(work.resolve("models"), stream, 1000);
        try (ReliabilityCluster cluster = new ReliabilityCluster(work, "scale-out-it").withModelDirectory(work.resolve("models"))) {
            ReferenceRun.Outputs reference = cluster.reference(stream, model);
            DetectorProcess first = cluster.startInstance("detector-a");

            // when
            stream.sendInBackground(cluster.kafka.producer(), "sensor-readings", 200);
            await().atMost(Duration.ofMinutes(2)).until(() -> ExactlyOnceAudit.caughtUp(cluster.kafka, stream.size() / 5));
            int sentAtSecond = stream.sent();
            DetectorProcess second = cluster.startInstance("detector-b");
            await().atMost(Duration.ofMinutes(2)).until(() -> ExactlyOnceAudit.caughtUp(cluster.kafka, stream.size() / 2));
            int sentAtThird = stream.sent();
            DetectorProcess third = cluster.startInstance("detector-c");
            stream.awaitSent();
            ExactlyOnceAudit.awaitSettled(cluster.kafka, stream.size());

            // then
            ExactlyOnceAudit audit = ExactlyOnceAudit.read(cluster.kafka, "sensor-readings");
            long byFirst = ReliabilityCluster.scoredBy(first);
            long bySecond = ReliabilityCluster.scoredBy(second);
            long byThird = ReliabilityCluster.scoredBy(third);
            System.out.printf("%s (b joined after %d sent, c after %d; scored by a %d, b %d, c %d)%n",
                    audit.summary("scale-out"), sentAtSecond, sentAtThird, byFirst, bySecond, byThird);
            assertThat(bySecond).as("records scored by the second instance").isPositive();
            assertThat(byThird).as("records scored by the third instance").isPositive();
            audit.assertAsUninterrupted(stream, reference);
        }
    }
}
