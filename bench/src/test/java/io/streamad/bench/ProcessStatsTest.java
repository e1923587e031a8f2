package io.streamad.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStatsTest {

    private static final String PROCESS = "0b8f1c2e-53a4-4c1e-9f3d-7a6b5c4d3e2f";

    @Test
    void shouldCountOnlyTheProcessingThreadsOfTheApplicationItself() {
        assertThat(ProcessStats.isStreamThreadOf("bench-detector-abc", "bench-detector-abc-" + PROCESS + "-StreamThread-1")).isTrue();
        assertThat(ProcessStats.isStreamThreadOf("bench-detector-abc", "bench-detector-abc-" + PROCESS + "-StreamThread-12")).isTrue();

        // a later round's application, whose id starts with this one's
        assertThat(ProcessStats.isStreamThreadOf("bench-detector-abc", "bench-detector-abc-r2-" + PROCESS + "-StreamThread-1")).isFalse();
        assertThat(ProcessStats.isStreamThreadOf("bench-detector-abc-r2", "bench-detector-abc-r20-" + PROCESS + "-StreamThread-1")).isFalse();
        // the application's clients and other threads
        assertThat(ProcessStats.isStreamThreadOf("bench-detector-abc",
                "kafka-producer-network-thread | bench-detector-abc-" + PROCESS + "-StreamThread-1-producer")).isFalse();
        assertThat(ProcessStats.isStreamThreadOf("bench-detector-abc", "bench-detector-abc-" + PROCESS + "-StateUpdater-1")).isFalse();
    }
}
