package io.streamad.trainer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.streamad.core.artifact.ModelTopicFollower;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.trainer.config.Features;
import io.streamad.trainer.config.KafkaClients;
import io.streamad.trainer.config.ConfigurationCheck;
import io.streamad.trainer.config.SensorSettings;
import io.streamad.trainer.config.TrainerConfig;
import io.streamad.trainer.config.TransactionSettings;
import org.apache.kafka.clients.admin.AdminClient;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The trainer as a running service: follows the models topic, reads the scores topic into the
 * samples, and checks on a schedule whether a family is due for training. Runs where
 * {@code streamad.trainer.enabled} is true: the trainer's own application, or the embedded default.
 */
@Context
@Requires(property = "streamad.trainer.enabled", value = "true")
public final class TrainerService {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

    private final Map<String, NormalSample> samples = new LinkedHashMap<>();
    private final CurrentModels models;
    private final ModelTopicFollower follower;
    private final ScoresReader scores;
    private final ModelPublisher publisher;
    private final RetrainJob job;
    private final ScheduledExecutorService scheduler;
    private final AdminClient admin;
    private volatile boolean followerStarted;

    TrainerService(Environment env, TrainerConfig config, SensorSettings sensors, TransactionSettings transactions,
                   KafkaDefaultConfiguration kafka, MeterRegistry meters) {
        ConfigurationCheck.require(env, ConfigurationCheck.TRAINER);
        ConfigurationCheck.requireDistinctTopics(topicSettings(config));
        // Every settings group bound, and so validated, now: a bad value must fail start-up, naming its key,
        // rather than the first training.
        Objects.requireNonNull(config.getRetrain().getInterval());
        Objects.requireNonNull(config.getGate());
        Map<String, FeatureSchema> schemas = Features.schemas(sensors, transactions);
        TrainerConfig.Sample s = config.getSample();
        schemas.keySet().forEach(family -> samples.put(family, NormalSample.of(s, family, System::currentTimeMillis)));
        this.scheduler = Executors.newScheduledThreadPool(schemas.size(), r -> {
            Thread t = new Thread(r, "streamad-trainer");
            t.setDaemon(true);
            return t;
        });
        Map<String, Object> client = KafkaClients.config(kafka);
        // its own admin client, closed within a bound: a shared one's close waits out the calls still pending
        // while the broker is away (a minute each), and so would the trainer's shutdown
        this.admin = AdminClient.create(client);
        this.models = new CurrentModels(config.getWorkDir().resolve("current"), schemas);
        this.follower = new ModelTopicFollower(client, config.getModelsTopic(), "streamad-trainer-models", models);
        models.attach(follower);
        this.scores = new ScoresReader(client, config.getScoresTopic(), config.getLabelsTopic(), schemas, samples, models::has, meters,
                2L * s.getMaxRows() * schemas.size());
        this.publisher = new ModelPublisher(client, config.getModelsTopic(), config.getPublish().getTransactionalId(),
                config.getPublish().getChunkSize(), config.getPublish().getKeepVersions(), config.getWorkDir());
        this.job = new RetrainJob(config, schemas, samples, new TopicModelLine(models, publisher), meters, Clock.systemUTC());
        // Kafka work starts on the trainer's own thread, retried until the broker answers: in the embedded default the
        // detector creates the scores topic during the same start-up, and the service (its health endpoint included)
        // comes up with the broker down.
        scheduler.execute(() -> start(config, schemas.keySet()));
    }

    private void start(TrainerConfig config, java.util.Set<String> families) {
        try {
            TrainerTopics.ensureModels(admin, config.getModelsTopic());
            TrainerTopics.ensureLabels(admin, config.getLabelsTopic());
            TrainerTopics.await(admin, config.getScoresTopic(), Duration.ofMinutes(5));
            if (!followerStarted) {
                follower.catchUp(Duration.ofSeconds(30));
                follower.start();
                followerStarted = true;
            }
            publisher.start();
            scores.start();
        } catch (RuntimeException e) {
            if (scheduler.isShutdown()) {
                return; // shutting down: the attempt was interrupted, nothing to retry
            }
            LOG.error("Trainer cannot start yet, trying again in 10 s: {}", e.getMessage());
            scheduler.schedule(() -> start(config, families), 10, TimeUnit.SECONDS);
            return;
        }
        long every = config.getRetrain().getCheckInterval().toMillis();
        families.forEach(family -> scheduler.scheduleWithFixedDelay(() -> job.runOnce(family), every, every, TimeUnit.MILLISECONDS));
        LOG.info("Trainer running: learning from '{}' (labels from '{}'), publishing to '{}', families {}",
                config.getScoresTopic(), config.getLabelsTopic(), config.getModelsTopic(), families);
    }

    /** Whether the trainer is reading and may publish: started, and not fenced by another trainer. */
    public boolean healthy() {
        return followerStarted && publisher.healthy();
    }

    /** Per family: sample size, rows since the last training, current version, last candidate and the ones before it. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        Map<String, RetrainJob.Outcome> outcomes = job.outcomes();
        samples.forEach((family, sample) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("sampleRows", sample.size());
            f.put("newRowsSinceTraining", job.newRows(family));
            f.put("current", models.current(family).orElse(null));
            f.put("lastCandidate", outcomes.get(family));
            f.put("candidates", job.candidates(family));
            status.put(family, f);
        });
        return status;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
        scores.close();
        follower.close();
        publisher.close();
        admin.close(Duration.ofSeconds(5));
        models.close();
    }

    /** Every topic setting's key and topic. */
    private static Map<String, String> topicSettings(TrainerConfig config) {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("streamad.trainer.scores-topic", config.getScoresTopic());
        topics.put("streamad.trainer.models-topic", config.getModelsTopic());
        topics.put("streamad.trainer.labels-topic", config.getLabelsTopic());
        return topics;
    }
}
