package io.streamad.trainer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.trainer.config.TrainerConfig;
import io.streamad.trainer.model.ScoringModel;
import io.streamad.trainer.train.AutoencoderSpec;
import io.streamad.trainer.train.AutoencoderTrainer;
import io.streamad.trainer.train.EpochReport;
import io.streamad.trainer.train.TrainedModel;
import io.streamad.trainer.train.TrainingSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The retraining loop for every family: when one is due (its first model once enough rows arrived;
 * afterwards on the schedule with enough new rows, or at once after many), trains a candidate on its
 * normal sample, holding the most recent rows out, judges it with the {@link ValidationGate}, and
 * publishes it if accepted. Progress and outcomes go to the log and to metrics: every attempt is timed in
 * {@code streamad.retrain.duration{family,outcome}}, its outcome one of {@link Attempt}.
 */
public final class RetrainJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainJob.class);

    /** What happened to a family's last candidate, for the status endpoint. */
    /** How many candidates per family {@link #candidates} keeps. */
    static final int HISTORY = 20;

    public record Outcome(String version, Instant at, boolean accepted, String reason, long trainingMillis, int rows,
                   ValidationGate.Verdict verdict) {
    }

    /** What became of one retraining attempt; the {@code outcome} tag is the lower-case name. */
    enum Attempt {
        /** the candidate passed the gate and was published */
        ACCEPTED,
        /** the gate refused the candidate */
        REFUSED,
        /** training or publishing threw */
        FAILED,
        /** too few rows within the sample's age to train on */
        SKIPPED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final TrainerConfig config;
    private final Map<String, FeatureSchema> schemas;
    private final Map<String, NormalSample> samples;
    private final ModelLine models;
    private final ValidationGate gate;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Long> admittedAtLastTraining = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastTraining = new ConcurrentHashMap<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Deque<Outcome>> history = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastEpoch = new ConcurrentHashMap<>();

    /** @param clock the time the schedule follows: the wall clock in service, the stream's event time in a replay */
    public RetrainJob(TrainerConfig config, Map<String, FeatureSchema> schemas, Map<String, NormalSample> samples,
                      ModelLine models, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.schemas = schemas;
        this.samples = samples;
        this.models = models;
        this.meters = meters;
        this.clock = clock;
        TrainerConfig.Gate g = config.getGate();
        this.gate = new ValidationGate(g.getTolerance(), g.getMaxFalseAlarmRate(), g.getMinSyntheticSeparation());
        samples.forEach((family, sample) -> {
            meters.gauge("streamad.trainer.sample.rows", java.util.List.of(io.micrometer.core.instrument.Tag.of("family", family)),
                    sample, NormalSample::size);
            lastEpoch.put(family, meters.gauge("streamad.trainer.epoch",
                    java.util.List.of(io.micrometer.core.instrument.Tag.of("family", family)), new AtomicLong()));
            // registered up front, so a dashboard shows zero attempts rather than no data
            List.of(Attempt.values()).forEach(attempt -> duration(family, attempt));
        });
    }

    /** Trains {@code family} if it is due. Families run on their own threads: a long training of one does not delay another. */
    public void runOnce(String family) {
        long t0 = System.nanoTime();
        try {
            if (due(family)) {
                Attempt attempt = train(family);
                duration(family, attempt).record(Duration.ofNanos(System.nanoTime() - t0));
            }
        } catch (Exception | LinkageError | AssertionError e) {
            // logged and counted, never thrown: a scheduled task that throws is never run again
            meters.counter("streamad.trainer.candidates", "family", family, "outcome", "failed").increment();
            duration(family, Attempt.FAILED).record(Duration.ofNanos(System.nanoTime() - t0));
            LOG.error("Training the {} model failed: {}", family, e.toString(), e);
            markTrained(family);
        }
    }

    private Timer duration(String family, Attempt attempt) {
        return Timer.builder("streamad.retrain.duration")
                .description("retraining attempts, from the decision to train to the gate's verdict and publication")
                .tags("family", family, "outcome", attempt.tag()).register(meters);
    }

    public Map<String, Outcome> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** A family's last {@value #HISTORY} candidates, accepted and refused, newest first. */
    public List<Outcome> candidates(String family) {
        Deque<Outcome> kept = history.get(family);
        if (kept == null) {
            return List.of();
        }
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    private void record(String family, Outcome outcome) {
        outcomes.put(family, outcome);
        Deque<Outcome> kept = history.computeIfAbsent(family, f -> new ArrayDeque<>());
        synchronized (kept) {
            kept.addFirst(outcome);
            while (kept.size() > HISTORY) {
                kept.removeLast();
            }
        }
    }

    /** Normal rows admitted to a family's sample since its last training. */
    long newRows(String family) {
        return samples.get(family).admitted() - admittedAtLastTraining.getOrDefault(family, 0L);
    }

    private boolean due(String family) {
        TrainerConfig.Retrain r = config.getRetrain();
        if (!models.has(family)) {
            Map<String, Integer> byFamily = r.getBootstrapRowsByFamily();
            int needed = byFamily == null ? r.getBootstrapRows() : byFamily.getOrDefault(family, r.getBootstrapRows());
            if (samples.get(family).size() < needed) {
                return false;
            }
            // the first attempt as soon as there are enough rows; after a refused or failed one, not again until a
            // quarter of that many more have come, at most min-new-rows (every new row would start another training;
            // waiting min-new-rows left short series unscored through their first incidents)
            long retry = Math.max(1, Math.min(r.getMinNewRows(), needed / 4));
            return lastTraining.containsKey(family) ? newRows(family) >= retry : newRows(family) > 0;
        }
        long fresh = newRows(family);
        Instant last = lastTraining.get(family);
        boolean scheduled = last == null || !clock.instant().isBefore(last.plus(r.getInterval()));
        return fresh >= r.getMaxNewRows() || (scheduled && fresh >= r.getMinNewRows());
    }

    private Attempt train(String family) {
        TrainerConfig.Retrain r = config.getRetrain();
        NormalSample.Snapshot snapshot = samples.get(family).snapshot();
        long fresh = newRows(family);
        markTrained(family);
        int holdout = Math.max(1, (int) Math.round(snapshot.size() * r.getHoldoutFraction()));
        int train = snapshot.size() - holdout;
        if (train < AutoencoderTrainer.MIN_ROWS) {
            LOG.warn("Not training a {} model: only {} rows within the sample's age ({} held out)", family, train, holdout);
            return Attempt.SKIPPED;
        }
        Optional<ScoringModel> current = models.serving(family);
        try {
            return train(family, snapshot, train, holdout, fresh, current);
        } finally {
            current.ifPresent(ScoringModel::release);
        }
    }

    private Attempt train(String family, NormalSample.Snapshot snapshot, int train, int holdout, long fresh,
                       Optional<ScoringModel> current) {
        TrainerConfig.Retrain r = config.getRetrain();
        float[][] rows = Arrays.copyOfRange(snapshot.rows(), 0, train);
        float[][] recent = Arrays.copyOfRange(snapshot.rows(), train, snapshot.size());
        TrainingSet data = new TrainingSet(family, schemas.get(family), rows, Instant.ofEpochMilli(snapshot.eventTimes()[0]),
                Instant.ofEpochMilli(snapshot.eventTimes()[train - 1]),
                "scores topic: " + train + " " + (current.isPresent() ? "normal" : "first") + " rows");
        LOG.info("Training a {} model on {} rows ({} new since the last training), {} held out; current model {}", family,
                train, fresh, holdout, current.map(ScoringModel::version).orElse("none"));
        AutoencoderSpec spec = AutoencoderSpec.DEFAULT.withMaxEpochs(r.getMaxEpochs()).withSeed(r.getSeed());
        AutoencoderTrainer trainer = new AutoencoderTrainer(spec, report -> progress(family, report), clock);
        long t0 = System.nanoTime();
        try (TrainedModel candidate = fit(trainer, data, current)) {
            long millis = (System.nanoTime() - t0) / 1_000_000;
            ValidationGate.Verdict verdict = gate.judge(candidate, current, recent, snapshot.size());
            String version = candidate.manifest().version();
            if (!verdict.accepted()) {
                meters.counter("streamad.trainer.candidates", "family", family, "outcome", "rejected").increment();
                LOG.warn("Rejected {} candidate {} after {} ms: {}", family, version, millis, verdict.reason());
                record(family, new Outcome(version, clock.instant(), false, verdict.reason(), millis, train, verdict));
                return Attempt.REFUSED;
            }
            boolean serving = models.publish(family, candidate);
            meters.counter("streamad.trainer.candidates", "family", family, "outcome", "accepted").increment();
            LOG.info("Published {} model {} (trained in {} ms on {} rows; false alarms on recent data {}% vs current {}; "
                            + "synthetic anomalies separated with AUC {}){}", family, version, millis, train,
                    String.format("%.2f", 100 * verdict.candidateFalseAlarms()),
                    verdict.currentFalseAlarms() == null ? "none" : String.format("%.2f%%", 100 * verdict.currentFalseAlarms()),
                    String.format("%.3f", verdict.syntheticSeparation()),
                    serving ? "" : "; not switched: an operator pinned another version");
            record(family, new Outcome(version, clock.instant(), true, null, millis, train, verdict));
            return Attempt.ACCEPTED;
        }
    }

    /** Warm-starts from the current model's weights when it has the same layers; otherwise trains from scratch. */
    private TrainedModel fit(AutoencoderTrainer trainer, TrainingSet data, Optional<ScoringModel> current) {
        if (config.getRetrain().isWarmStart() && current.isPresent()) {
            Map<String, float[]> weights = current.get().weights();
            if (!weights.isEmpty()) {
                try {
                    return trainer.train(data, weights);
                } catch (IllegalArgumentException e) {
                    LOG.info("{}: cannot warm-start from {} ({}); training from scratch", data.model(),
                            current.get().version(), e.getMessage());
                }
            }
        }
        return trainer.train(data, null);
    }

    private void progress(String family, EpochReport report) {
        lastEpoch.get(family).set(report.epoch());
        meters.counter("streamad.trainer.epochs", "family", family).increment();
        LOG.info("{}", report);
    }

    private void markTrained(String family) {
        admittedAtLastTraining.put(family, samples.get(family).admitted());
        lastTraining.put(family, clock.instant());
    }

    Duration sinceLastTraining(String family) {
        Instant last = lastTraining.get(family);
        return last == null ? null : Duration.between(last, clock.instant());
    }
}
