package io.streamad.detector.source;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import java.io.IOException;
import java.util.Map;

/** Reads plain Avro binary written with the source's schema file. */
class AvroMapper extends RecordMapper<GenericRecord> {

    private final GenericDatumReader<GenericRecord> reader;

    AvroMapper(SourceMapping mapping) {
        super(mapping);
        this.reader = mapping.schema() == null ? null : new GenericDatumReader<>(mapping.schema());
    }

    @Override
    protected GenericRecord parse(String topic, byte[] value) {
        return decode(reader, value, 0);
    }

    /** Decodes Avro binary from {@code offset}; every leftover or missing byte is a malformed record. */
    static GenericRecord decode(GenericDatumReader<GenericRecord> reader, byte[] value, int offset) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, null);
            GenericRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new MappingException("malformed Avro: bytes left after the record (another schema?)");
            }
            return record;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | UnsupportedOperationException e) {
            throw new MappingException("malformed Avro for schema " + reader.getSchema().getFullName() + ": " + e, e);
        }
    }

    @Override
    protected Object read(GenericRecord value, String path) {
        Object node = value;
        for (String part : path.split("\\.")) {
            if (node instanceof GenericRecord r && r.getSchema().getField(part) != null) {
                node = r.get(part);
            } else if (node instanceof Map<?, ?> m) {
                node = m.entrySet().stream().filter(e -> e.getKey().toString().equals(part))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            } else {
                return null;
            }
        }
        return node;
    }
}
