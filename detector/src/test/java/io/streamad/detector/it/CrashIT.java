package io.streamad.detector.it;

import io.streamad.detector.topology.ReferenceRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two detector JVMs share the input; one is killed with SIGKILL mid-stream, the other takes over, the
 * killed one restarts. Exactly-once must hold across it: every input record scored once, every
 * injected spike one anomaly event, and every score the one an uninterrupted run gives.
 */
class CrashIT {

    @TempDir
    Path work;

    @Test
    void shouldScoreEveryRecordExactlyOnceWhenAnInstanceIsKilledMidStream() throws Exception {
        // given
        SensorStream stream = new SensorStream(12, 500, 11);
        Path model = ReliabilityCluster.trainModel(work.resolve("models"), stream, 1000);
        ReferenceRun.Outputs reference;
        try (ReliabilityCluster cluster = new ReliabilityCluster(work, "crash-it").withModelDirectory(work.resolve("models"))) {
            reference = cluster.reference(stream, model);
            DetectorProcess first = cluster.startInstance("detector-a");
            DetectorProcess second = cluster.startInstance("detector-b");

            // when
            stream.sendInBackground(cluster.kafka.producer(), "sensor-readings", 250);
            await().atMost(Duration.ofMinutes(2)).until(() -> ExactlyOnceAudit.caughtUp(cluster.kafka, stream.size() / 4));
            int sentAtKill = stream.sent();
            first.kill();
            int scoredAtKill = cluster.kafka.readAll("scores").size();
            await().atMost(Duration.ofMinutes(2)).until(() -> ExactlyOnceAudit.caughtUp(cluster.kafka, scoredAtKill + 600));
            first.start();
            stream.awaitSent();
            ExactlyOnceAudit.awaitSettled(cluster.kafka, stream.size());

            // then
            ExactlyOnceAudit audit = ExactlyOnceAudit.read(cluster.kafka, "sensor-readings");
            System.out.printf("%s (killed after %d sent, %d scored; a %d scored after restart, b %d)%n",
                    audit.summary("crash"), sentAtKill, scoredAtKill, ReliabilityCluster.scoredBy(first),
                    ReliabilityCluster.scoredBy(second));
            audit.assertAsUninterrupted(stream, reference);
            assertThat(second.isAlive()).isTrue();
        }
    }
}
