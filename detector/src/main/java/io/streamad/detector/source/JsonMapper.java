package io.streamad.detector.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Reads JSON objects; a path walks nested objects. */
final class JsonMapper extends RecordMapper<JsonNode> {

    private static final ObjectMapper JSON = new ObjectMapper();

    JsonMapper(SourceMapping mapping) {
        super(mapping);
    }

    @Override
    protected JsonNode parse(String topic, byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.isObject()) {
                throw new MappingException("not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MappingException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MappingException("unreadable JSON: " + e.getMessage(), e);
        }
    }

    @Override
    protected Object read(JsonNode value, String path) {
        JsonNode node = value;
        for (String part : path.split("\\.")) {
            node = node == null || !node.isObject() ? null : node.get(part);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return node.toString();
    }
}
