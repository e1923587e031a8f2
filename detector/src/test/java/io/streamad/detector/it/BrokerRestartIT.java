package io.streamad.detector.it;

import io.streamad.detector.topology.ReferenceRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker stops mid-stream and comes back on the same log directory; the detector rides it out
 * (its clients retry, its transactions abort and replay) and scores every record exactly once.
 */
class BrokerRestartIT {

    @TempDir
    Path work;

    @Test
    void shouldScoreEveryRecordExactlyOnceAcrossABrokerRestart() throws Exception {
        // given
        SensorStream stream = new SensorStream(12, 400, 12);
        Path model = ReliabilityCluster.trainModel(work.resolve("models"), stream, 1000);
        try (ReliabilityCluster cluster = new ReliabilityCluster(work, "broker-restart-it").withModelDirectory(work.resolve("models"))) {
            ReferenceRun.Outputs reference = cluster.reference(stream, model);
            DetectorProcess detector = cluster.startInstance("detector-a");

            // when
            stream.sendInBackground(cluster.kafka.producer(), "sensor-readings", 200);
            await().atMost(Duration.ofMinutes(2)).until(() -> ExactlyOnceAudit.caughtUp(cluster.kafka, stream.size() / 3));
            int sentAtStop = stream.sent();
            cluster.broker.close();
            await("the detector reports the broker down").atMost(Duration.ofSeconds(60)).until(() -> !detector.healthy());
            cluster.broker.start();
            stream.awaitSent();
            ExactlyOnceAudit.awaitSettled(cluster.kafka, stream.size());

            // then
            ExactlyOnceAudit audit = ExactlyOnceAudit.read(cluster.kafka, "sensor-readings");
            System.out.printf("%s (broker stopped after %d sent)%n", audit.summary("broker restart"), sentAtStop);
            assertThat(detector.isAlive()).isTrue();
            audit.assertAsUninterrupted(stream, reference);
        }
    }
}
