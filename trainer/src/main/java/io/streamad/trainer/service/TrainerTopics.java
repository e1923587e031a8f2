package io.streamad.trainer.service;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The topics the trainer needs: it creates the models topic if missing and waits for the scores topic. */
final class TrainerTopics {

    private TrainerTopics() {
    }

    /** Creates the compacted, single-partition models topic unless it exists. */
    static void ensureModels(AdminClient admin, String topic) {
        NewTopic models = new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
                .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", Integer.toString(2 * 1024 * 1024)));
        try {
            admin.createTopics(List.of(models)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the models topic '" + topic + "': " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka while creating the models topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until {@code topic} exists (the detector creates the scores topic). */
    static void await(AdminClient admin, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot list topics to find '" + topic + "': " + e.getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic '" + topic + "' did not appear within " + timeout);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
