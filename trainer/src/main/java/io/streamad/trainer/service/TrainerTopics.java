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

/** The topics the trainer needs: it creates the models and labels topics if missing and waits for the scores topic. */
final class TrainerTopics {

    private TrainerTopics() {
    }

    /** Creates the compacted, single-partition models topic unless it exists; gives up after 15 s without an answer (the caller retries). */
    static void ensureModels(AdminClient admin, String topic) {
        NewTopic models = new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
                .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", Integer.toString(2 * 1024 * 1024)));
        if (create(admin, models, "models")) {
            return;
        }
        try {
            checkExisting(admin, topic);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException cannotDescribe) {
            LoggerFactory.getLogger(TrainerTopics.class).warn("Cannot check the models topic '{}': {}", topic,
                    cannotDescribe.getMessage());
        }
    }

    /** Creates the labels topic (one partition, the broker's default retention) unless it exists. */
    static void ensureLabels(AdminClient admin, String topic) {
        create(admin, new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty()), "labels");
    }

    /** @return true if the topic was created, false if it existed already */
    private static boolean create(AdminClient admin, NewTopic topic, String what) {
        try {
            admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create the " + what + " topic '" + topic.name() + "': "
                    + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka while creating the " + what + " topic '" + topic.name() + "'", e);
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
