package io.streamad.detector.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.streamad.avro.ScoredRecord;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.Application;
import io.streamad.detector.BadInput;
import io.streamad.trainer.config.StartupException;
import io.streamad.detector.embedded.EmbeddedKafka;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Start-up waits for a broker that is not there yet, saying so once per attempt, and gives up clearly at its limit. */
class BrokerWaitIT {

    @TempDir
    Path work;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger brokerWait = (Logger) LoggerFactory.getLogger("io.streamad.detector.BrokerWait");

    @BeforeEach
    void captureLogs() {
        logs.start();
        brokerWait.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        brokerWait.detachAppender(logs);
    }

    private List<String> retries() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("not reachable yet")).toList();
    }

    @Test
    void shouldWaitForABrokerThatStartsLaterThenScore() throws Exception {
        // given a broker whose address is known but which is not running yet
        EmbeddedKafka broker = new EmbeddedKafka(work.resolve("kafka"));
        CompletableFuture<DetectorHarness> detector = CompletableFuture.supplyAsync(() -> new DetectorHarness(
                broker.bootstrapServers(), work.resolve("detector"), Map.of("streamad.models.source", "directory",
                "streamad.sensors.measurements", List.of("temp"))));
        try {
            // when the detector has found it unreachable twice
            await().atMost(Duration.ofSeconds(30)).until(() -> retries().size() >= 2);
            assertThat(retries().get(0)).startsWith("Kafka at " + broker.bootstrapServers() + " not reachable yet (attempt 1, ")
                    .contains("retrying in 1s");
            assertThat(logs.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).as("no stack trace").isNull());
            broker.start();

            // then it reaches RUNNING and scores a record
            detector.get(120, TimeUnit.SECONDS);
            try (KafkaTestSupport kafka = new KafkaTestSupport(broker.bootstrapServers())) {
                kafka.producer().send(new ProducerRecord<>("sensor-readings", BadInput.SENSOR.getBytes(),
                        BadInput.encode(BadInput.goodReading(0, new Random(1)))));
                kafka.producer().flush();
                AvroSerde<ScoredRecord> scores = AvroSerde.of(ScoredRecord.class);
                kafka.awaitRecords("scores", Duration.ofSeconds(60), records -> records.stream()
                        .anyMatch(r -> scores.decode(r.value()).getKey().equals(BadInput.SENSOR)));
            }
            System.out.printf("BrokerWaitIT: %d retry lines before the broker came up%n", retries().size());
        } finally {
            detector.cancel(true);
            if (detector.isDone() && !detector.isCompletedExceptionally()) {
                detector.join().close();
            }
            broker.close();
        }
    }

    @Test
    void shouldGiveUpWithOneLineNamingTheBootstrapServersSetting() {
        // given no broker at all, and a short wait
        String nowhere = new EmbeddedKafka(work.resolve("never")).bootstrapServers();
        Map<String, Object> props = Map.of(
                "kafka.bootstrap.servers", nowhere,
                "micronaut.server.port", -1,
                "kafka.streams.default.state.dir", work.resolve("streams").toString(),
                "streamad.models.source", "directory",
                "streamad.models.dir", work.resolve("models").toString(),
                "streamad.startup.broker-wait", "4s");

        long adminThreadsBefore = kafkaAdminThreads();

        // when / then
        assertThatThrownBy(() -> Application.start(ApplicationContext.builder().properties(props)).close())
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("Kafka at " + nowhere + " (kafka.bootstrap.servers) not reachable within 4s")
                .hasMessageNotContaining("\n");
        assertThat(retries()).hasSizeBetween(1, 3);
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).as("no stack trace").isNull());
        // the failed start closed the Kafka clients it had made: none keeps calling the missing broker
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(kafkaAdminThreads()).as("Kafka admin client threads").isLessThanOrEqualTo(adminThreadsBefore));
    }

    private static long kafkaAdminThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("kafka-admin-client-thread")).count();
    }
}
