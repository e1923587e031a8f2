package io.streamad.detector.topology;

import io.streamad.avro.SensorReading;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.source.MappingException;
import io.streamad.detector.source.RecordMapper;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Maps a record of a user's topic to a sensor reading keyed by its sensor id (Avro, as on the sensor
 * topic), or sends it on as {@link Decoded.Invalid} with the reason, like the sensor decoder does.
 */
final class SourceAdapterProcessor implements Processor<byte[], byte[], byte[], Decoded<byte[]>> {

    private static final Logger LOG = LoggerFactory.getLogger(SourceAdapterProcessor.class);

    private final RecordMapper<?> mapper;
    private final AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
    private final DetectorMetrics metrics;
    private ProcessorContext<byte[], Decoded<byte[]>> context;
    private long rejected;

    SourceAdapterProcessor(RecordMapper<?> mapper, DetectorMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Decoded<byte[]>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        var origin = context.recordMetadata();
        String topic = origin.map(m -> m.topic()).orElse(mapper.mapping().topic());
        SensorReading reading;
        try {
            reading = mapper.map(topic, record.key(), record.value(), record.timestamp());
        } catch (MappingException e) {
            reject(record, e.getMessage(), e.getCause());
            return;
        } catch (RuntimeException e) {
            // Whatever the bytes were, they are the record's problem: the stream thread must not die of them.
            reject(record, "cannot read the record: " + e, e);
            return;
        }
        byte[] key = reading.getSensorId().getBytes(StandardCharsets.UTF_8);
        context.forward(record.withKey(key).withValue(new Decoded.Valid<>(serde.encode(reading))));
    }

    @Override
    public void close() {
        mapper.close();
    }

    private void reject(Record<byte[], byte[]> record, String reason, Throwable cause) {
        var origin = context.recordMetadata();
        String why = "source " + mapper.mapping().name() + ": " + reason;
        rejected++;
        if (rejected <= 10 || rejected % 1000 == 0) {
            LOG.warn("Skipping record {}-{}@{} to the dead-letter topic ({} so far): {}", origin.map(m -> m.topic()).orElse("?"),
                    origin.map(m -> m.partition()).orElse(-1), origin.map(m -> m.offset()).orElse(-1L), rejected, why);
        }
        metrics.deadLetter("source-" + mapper.mapping().name(), "mapping");
        context.forward(new Record<byte[], Decoded<byte[]>>(record.key(), new Decoded.Invalid<>(record.key(), record.value()),
                record.timestamp(), DeadLetters.headers(record.headers(), why, origin, cause)));
    }
}
