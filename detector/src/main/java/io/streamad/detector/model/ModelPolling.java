package io.streamad.detector.model;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** Polls the model directory for new versions at {@code streamad.models.poll-interval}. */
@Singleton
class ModelPolling {

    private final ModelDirectoryWatcher watcher;

    ModelPolling(ModelDirectoryWatcher watcher) {
        this.watcher = watcher;
    }

    @Scheduled(fixedDelay = "${streamad.models.poll-interval:2s}", initialDelay = "${streamad.models.poll-interval:2s}")
    void poll() {
        watcher.poll();
    }
}
