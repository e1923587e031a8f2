package io.streamad.trainer.service;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.LoggerFactory;

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

    /** Creates the compacted, single-partition models topic unless it exists; gives up after 15 s without an answer (the caller retries). */
    static void ensureModels(AdminClient admin, String topic) {
        NewTopic models = new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
                .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", Integer.toString(2 * 1024 * 1024)));
        try {
            admin.createTopics(List.of(models)).all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the models topic '" + topic + "': " + e.getCause().getMessage(), e);
            }
            try {
                checkExisting(admin, topic);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException cannotDescribe) {
                LoggerFactory.getLogger(TrainerTopics.class).warn("Cannot check the models topic '{}': {}", topic,
                        cannotDescribe.getMessage());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka while creating the models topic '" + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Warns when an existing models topic would lose models (not compacted) or reorder them (several partitions). */
    private static void checkExisting(AdminClient admin, String topic) throws InterruptedException, ExecutionException,
            TimeoutException {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
        String policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get("cleanup.policy").value();
        if (description.partitions().size() != 1 || !policy.contains("compact")) {
            LoggerFactory.getLogger(TrainerTopics.class).warn("The models topic '{}' has {} partitions and cleanup.policy={}; "
                    + "it needs one partition (models are read in order) and compaction (or old models are deleted)",
                    topic, description.partitions().size(), policy);
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
