package io.streamad.detector.topology;

import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.FeatureExtractor;
import io.streamad.core.feature.FeatureVector;
import io.streamad.core.threshold.AdaptiveThreshold;
import io.streamad.core.threshold.Decision;
import io.streamad.core.threshold.ThresholdState;
import io.streamad.detector.model.ModelSlot;
import io.streamad.trainer.model.ScoringModel;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Featurises each record against its key's window, queues it, and scores the queue in one model run
 * when it is full or when {@code maxDelay} has passed; then compares each score with the key's adaptive
 * threshold and emits a {@link io.streamad.avro.ScoredRecord} for every record and an
 * {@link io.streamad.avro.AnomalyEvent} for each anomaly. Queued rows live in a {@link PendingBuffer},
 * so batching does not weaken exactly-once.
 */
final class ScoringProcessor<R, S> implements Processor<String, R, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);

    private final StreamKind kind;
    private final TopologySettings.Stores stores;
    private final FeatureExtractor<R, S> extractor;
    private final ToLongFunction<R> eventTime;
    private final ModelSlot models;
    private final AdaptiveThreshold threshold;
    private final TopologySettings.Batching batching;
    private final DetectorMetrics metrics;
    private final Outputs outputs;
    private final String schemaId;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, byte[]> windows;
    private KeyValueStore<String, byte[]> thresholds;
    private PendingBuffer pending;
    private boolean restored;

    ScoringProcessor(StreamKind kind, TopologySettings.Stores stores, FeatureExtractor<R, S> extractor,
                     ToLongFunction<R> eventTime, ModelSlot models, AdaptiveThreshold threshold,
                     TopologySettings.Batching batching, DetectorMetrics metrics) {
        this.kind = kind;
        this.stores = stores;
        this.extractor = extractor;
        this.eventTime = eventTime;
        this.models = models;
        this.threshold = threshold;
        this.batching = batching;
        this.metrics = metrics;
        this.outputs = new Outputs(kind, extractor.schema(), extractor.summaryNames());
        this.schemaId = extractor.schema().id();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.windows = context.getStateStore(stores.windows());
        this.thresholds = context.getStateStore(stores.thresholds());
        this.pending = new PendingBuffer(context.getStateStore(stores.pending()), batching.maxRows());
        pending.restore();
        restored = !pending.isEmpty();
        context.schedule(batching.maxDelay(), PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, R> record) {
        if (restored || pending.size() >= batching.maxRows()) {
            // Score what a previous owner left (or what a failed flush left) before queueing anything new,
            // so a slot of the pending store is never reused while its row is unscored.
            flush();
        }
        String key = record.key();
        byte[] saved = windows.get(key);
        S state = saved == null ? extractor.newState() : extractor.deserialize(saved);
        boolean warm = extractor.isWarm(state);
        FeatureVector v = extractor.extractAndUpdate(state, record.value());
        windows.put(key, extractor.serialize(state));
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        pending.add(new PendingRow(pending.nextSequence(), key, origin.topic(), origin.partition(), origin.offset(),
                record.timestamp(), eventTime.applyAsLong(record.value()), warm, schemaId, v.values(), v.summary(),
                v.beyondRange(), v.stuckRun()));
        if (pending.size() >= batching.maxRows()) {
            flush();
        }
    }

    /**
     * Scores every queued row with one model run (or marks them warming up while there is none) and
     * emits. All outputs and threshold updates are computed first and applied only when all succeeded,
     * so a failure leaves nothing half-emitted: the rows stay queued and the task fails or retries whole.
     */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Optional<ModelSlot.Lease> lease = models.acquire();
        List<Record<String, SpecificRecord>> out = new ArrayList<>(pending.size() + 8);
        Map<String, ThresholdState> states = new HashMap<>();
        try {
            ScoredBatch batch = null;
            if (lease.isPresent()) {
                long t0 = System.nanoTime();
                batch = ScoredBatch.score(lease.get().model(), pending.rows());
                metrics.batch(kind, batch.warmRows(), System.nanoTime() - t0);
            } else if (restored) {
                LOG.info("No {} model yet: {} rows left queued by a previous owner are emitted as WARMING_UP", kind, pending.size());
            }
            for (int i = 0; i < pending.size(); i++) {
                decide(pending.rows().get(i), batch, i, lease.map(ModelSlot.Lease::model).orElse(null), states, out);
            }
        } finally {
            lease.ifPresent(ModelSlot.Lease::close);
        }
        states.forEach((key, state) -> thresholds.put(key, state.toBytes()));
        out.forEach(context::forward);
        pending.markScored();
        restored = false;
    }

    private void decide(PendingRow row, ScoredBatch batch, int i, ScoringModel model, Map<String, ThresholdState> states,
                        List<Record<String, SpecificRecord>> out) {
        String version = model == null ? null : model.version();
        if (batch == null || !batch.hasScore(i)) {
            out.add(record(row, outputs.scored(row, 0, 0, Verdict.WARMING_UP, false, false, version)));
            metrics.scored(kind, Verdict.WARMING_UP);
            return;
        }
        double score = batch.score(i);
        ThresholdState state = states.computeIfAbsent(row.key(), k -> {
            byte[] saved = thresholds.get(k);
            return saved == null ? new ThresholdState() : ThresholdState.fromBytes(saved);
        });
        Decision decision = threshold.decide(state, score, row.beyondRange(), row.stuckRun(),
                model.manifest().calibration());
        Verdict verdict = decision.anomaly() ? Verdict.ANOMALY : Verdict.NORMAL;
        metrics.threshold(kind, decision.global(), decision.threshold());
        out.add(record(row, outputs.scored(row, score, decision.threshold(), verdict, decision.outOfRange(),
                decision.stuck(), version)));
        metrics.scored(kind, verdict);
        if (decision.event()) {
            out.add(record(row, outputs.anomaly(row, score, decision, version, batch.squaredErrors(i))));
            metrics.anomaly(kind);
        }
    }

    private static Record<String, SpecificRecord> record(PendingRow row, SpecificRecord value) {
        return new Record<>(row.key(), value, row.timestamp());
    }
}
