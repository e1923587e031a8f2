package io.streamad.detector.embedded;

import io.streamad.detector.it.KafkaTestSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo's sensor replay against a real broker: history first, then live only once a model serves. */
class DemoReplayIT {

    private static final double TRAINING_FRACTION = 0.05;

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static KafkaTestSupport client;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new EmbeddedKafka(dir.resolve("kafka")).start();
        client = new KafkaTestSupport(kafka.bootstrapServers());
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic("held-sensors", 1, (short) 1), new NewTopic("unheld-sensors", 1, (short) 1),
                    new NewTopic("cards", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        client.close();
        kafka.close();
    }

    @Test
    void shouldPublishTheHistoryThenHoldTheLiveReplayUntilTheFirstModelServes() throws Exception {
        // given
        NabSeries series = NabSeries.machineTemperature();
        int history = (int) Math.ceil(series.readings().size() * TRAINING_FRACTION);
        AtomicBoolean serving = new AtomicBoolean();
        try (DemoReplay replay = new DemoReplay(kafka.bootstrapServers(), settings(Duration.ofMinutes(5)), "held-sensors", "cards",
                family -> family.equals("sensor") && serving.get())) {
            thread.submit(() -> replay.replaySeries(series));

            // when the history is out and no model serves, nothing more is published
            await().atMost(Duration.ofSeconds(30)).until(() -> published("held-sensors") == history);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(() -> published("held-sensors") == history);

            // then, once a sensor model serves, the replay goes live
            serving.set(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> published("held-sensors") > history + 100);
            replay.stop();
        } finally {
            thread.shutdown();
            assertThat(thread.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldGoLiveWithoutAModelWhenTheWaitRunsOut() throws Exception {
        // given: no model ever serves
        NabSeries series = NabSeries.machineTemperature();
        int history = (int) Math.ceil(series.readings().size() * TRAINING_FRACTION);
        try (DemoReplay replay = new DemoReplay(kafka.bootstrapServers(), settings(Duration.ofSeconds(2)), "unheld-sensors", "cards",
                family -> false)) {
            // when
            thread.submit(() -> replay.replaySeries(series));

            // then
            await().atMost(Duration.ofSeconds(30)).until(() -> published("unheld-sensors") > history + 100);
            replay.stop();
        } finally {
            thread.shutdown();
            assertThat(thread.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static int published(String topic) {
        return client.readAll(topic).size();
    }

    private static EmbeddedConfig settings(Duration firstModelWait) {
        return new EmbeddedConfig() {
            @Override
            public boolean isEnabled() {
                return true;
            }

            @Override
            public int getSensorRate() {
                return 1000;
            }

            @Override
            public int getTransactionRate() {
                return 1000;
            }

            @Override
            public int getCards() {
                return 10;
            }

            @Override
            public double getFraudPerDay() {
                return 0;
            }

            @Override
            public int getBackfillDays() {
                return 1;
            }

            @Override
            public double getTrainingFraction() {
                return TRAINING_FRACTION;
            }

            @Override
            public Duration getFirstModelWait() {
                return firstModelWait;
            }

            @Override
            public Duration getReportInterval() {
                return Duration.ofMinutes(1);
            }
        };
    }
}
