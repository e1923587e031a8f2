package io.streamad.detector.embedded;

import io.streamad.detector.it.KafkaTestSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo's replays against a real broker: history first, then live only once a model of their family serves. */
class DemoReplayIT {

    private static final double TRAINING_FRACTION = 0.05;
    private static final Instant CARDS_START = Instant.parse("2026-01-05T00:00:00Z");

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
            admin.createTopics(List.of("held-sensors", "unheld-sensors", "held-cards", "unused").stream()
                    .map(topic -> new NewTopic(topic, 1, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        client.close();
        kafka.close();
    }

    @AfterEach
    void stopThread() throws Exception {
        thread.shutdownNow();
        assertThat(thread.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldPublishTheSensorHistoryThenHoldTheLiveReplayUntilTheFirstModelServes() throws Exception {
        // given
        NabSeries series = NabSeries.machineTemperature();
        int history = (int) Math.ceil(series.readings().size() * TRAINING_FRACTION);
        AtomicBoolean serving = new AtomicBoolean();

        // when, then
        run(settings(Duration.ofMinutes(5)), "held-sensors", "unused", family -> family.equals("sensor") && serving.get(),
                replay -> replay.replaySeries(series), () -> assertHeldUntilAModelServes("held-sensors", history, serving));
    }

    @Test
    void shouldPublishTheCardHistoryThenHoldTheLiveSimulationUntilTheFirstModelServes() throws Exception {
        // given: a day of ten cards' history, counted on a second simulator with the same seed
        int history = historyOf(tenCards());
        AtomicBoolean serving = new AtomicBoolean();

        // when, then
        run(settings(Duration.ofMinutes(5)), "unused", "held-cards", family -> family.equals("transaction") && serving.get(),
                replay -> replay.simulateCards(tenCards()), () -> assertHeldUntilAModelServes("held-cards", history, serving));
    }

    @Test
    void shouldGoLiveWithoutAModelWhenTheWaitRunsOut() throws Exception {
        // given: no model ever serves
        NabSeries series = NabSeries.machineTemperature();
        int history = (int) Math.ceil(series.readings().size() * TRAINING_FRACTION);

        // when, then
        run(settings(Duration.ofSeconds(2)), "unheld-sensors", "unused", family -> false, replay -> replay.replaySeries(series),
                () -> await().atMost(Duration.ofSeconds(30)).until(() -> published("unheld-sensors") > history + 100));
    }

    /**
     * Once the history is out and no model serves, the topic holds exactly the history for 3 s; once one
     * serves ({@code serving} set), the replay goes live.
     */
    private static void assertHeldUntilAModelServes(String topic, int history, AtomicBoolean serving) {
        await().atMost(Duration.ofSeconds(30)).until(() -> published(topic) == history);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(() -> published(topic) == history);

        serving.set(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> published(topic) > history + 100);
    }

    /** Ten cards from {@link #CARDS_START}, a day of history without fraud, always the same transactions. */
    private static CardSimulator tenCards() {
        return new CardSimulator(10, CARDS_START, 0, CARDS_START.plus(Duration.ofDays(1)), 7);
    }

    /** Runs a replay on its own thread while {@code checks} run, then stops it, waits for it, and closes it. */
    private void run(EmbeddedConfig settings, String sensorTopic, String cardTopic, Predicate<String> serving,
                     Consumer<DemoReplay> replaying, Runnable checks) throws Exception {
        DemoReplay replay = new DemoReplay(kafka.bootstrapServers(), settings, sensorTopic, cardTopic, serving);
        Future<?> done = thread.submit(() -> replaying.accept(replay));
        try {
            checks.run();
        } finally {
            replay.stop();
            done.get(30, TimeUnit.SECONDS);
            replay.close();
        }
    }

    /** How many transactions a simulator produces before its first live one (a day after its first). */
    private static int historyOf(CardSimulator simulator) {
        Instant liveFrom = null;
        int count = 0;
        while (true) {
            Instant t = simulator.next().transaction().getEventTime();
            liveFrom = liveFrom == null ? t.plus(Duration.ofDays(1)) : liveFrom;
            if (!t.isBefore(liveFrom)) {
                return count;
            }
            count++;
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
