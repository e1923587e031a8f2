package io.streamad.trainer.service;

import io.streamad.core.artifact.ModelRelease;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ModelPublisherTest {

    private static List<ModelRelease> releases(int n) {
        return IntStream.range(0, n).mapToObj(i -> new ModelRelease("sensor", "v" + i, "sha", 1, 10,
                Instant.EPOCH.plusSeconds(i), "{}")).toList();
    }

    @Test
    void shouldRemoveTheOldestVersionsBeyondTheKeptFew() {
        assertThat(ModelPublisher.expired(releases(5), 5, "v5")).extracting(ModelRelease::version).containsExactly("v0");
        assertThat(ModelPublisher.expired(releases(6), 3, "v6")).extracting(ModelRelease::version)
                .containsExactly("v0", "v1", "v2", "v3");
        assertThat(ModelPublisher.expired(releases(2), 5, "v2")).isEmpty();
    }

    @Test
    void shouldNeverRemoveTheServingVersionEvenWhenItIsTheOldest() {
        assertThat(ModelPublisher.expired(releases(5), 3, "v0")).extracting(ModelRelease::version)
                .containsExactly("v1", "v2", "v3");
    }
}
