package io.streamad.detector.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.streamad.avro.AnomalyLabel;
import io.streamad.avro.StreamKind;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /labels}: an anomaly confirmed after the fact (a chargeback, a failure an engineer traced), written to
 * the labels topic, from which the trainer takes the key's rows in that span out of the normal data it learns from.
 * Body: {@code {"kind": "sensor"|"transaction", "key": "...", "start": "<ISO-8601 instant>", "end": "<instant>",
 * "reason": "..."}}; {@code end} defaults to {@code start} (one record), {@code reason} is optional. An operator
 * action: it needs the operator's credentials, like the model actions.
 */
@Controller("/labels")
@Produces(MediaType.APPLICATION_JSON)
public final class LabelController {

    private static final Logger LOG = LoggerFactory.getLogger(LabelController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LabelPublisher publisher;

    LabelController(LabelPublisher publisher) {
        this.publisher = publisher;
    }

    @Post
    public HttpResponse<String> label(@Body Map<String, String> body) {
        AnomalyLabel label;
        try {
            label = parse(body);
        } catch (IllegalArgumentException e) {
            return HttpResponse.<String>badRequest().body(JSON.createObjectNode().put("error", e.getMessage()).toString());
        }
        try {
            RecordMetadata written = publisher.publish(label);
            LOG.info("Label {} {} {} .. {} written to {}-{}@{}", label.getKind(), label.getKey(), label.getStart(),
                    label.getEnd(), written.topic(), written.partition(), written.offset());
            return HttpResponse.<String>accepted().body(JSON.createObjectNode().put("topic", written.topic())
                    .put("partition", written.partition()).put("offset", written.offset()).toString());
        } catch (ExecutionException | TimeoutException e) {
            return HttpResponse.<String>serverError().body(JSON.createObjectNode()
                    .put("error", "cannot write to '" + publisher.topic() + "': " + e).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpResponse.serverError();
        }
    }

    /** The label a request body describes, or an {@link IllegalArgumentException} naming the field that is wrong. */
    static AnomalyLabel parse(Map<String, String> body) {
        if (body == null) {
            throw new IllegalArgumentException("a JSON object with kind, key, start (and end, reason) is needed");
        }
        String kind = required(body, "kind").toUpperCase(Locale.ROOT);
        StreamKind streamKind = switch (kind) {
            case "SENSOR", "TRANSACTION" -> StreamKind.valueOf(kind);
            default -> throw new IllegalArgumentException("kind: '" + body.get("kind") + "' is neither sensor nor transaction");
        };
        String key = required(body, "key");
        Instant start = instant(body, "start", required(body, "start"));
        Instant end = body.get("end") == null ? start : instant(body, "end", body.get("end"));
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end: " + end + " is before start " + start);
        }
        return new AnomalyLabel(key, streamKind, start, end, body.get("reason"));
    }

    private static String required(Map<String, String> body, String field) {
        String value = body.get(field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": missing");
        }
        return value;
    }

    private static Instant instant(Map<String, String> body, String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": '" + body.get(field) + "' is not an ISO-8601 instant such as 2026-11-27T10:15:00Z");
        }
    }
}
