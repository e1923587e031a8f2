package io.streamad.detector.api;

import io.streamad.avro.AnomalyLabel;
import io.streamad.avro.StreamKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelControllerTest {

    private static Map<String, String> body(String... pairs) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void shouldReadALabelWithItsSpanAndReason() {
        AnomalyLabel label = LabelController.parse(body("kind", "transaction", "key", "card-17",
                "start", "2026-11-01T10:00:00Z", "end", "2026-11-03T18:30:00Z", "reason", "chargeback CB-20931"));

        assertThat(label.getKind()).isEqualTo(StreamKind.TRANSACTION);
        assertThat(label.getKey()).isEqualTo("card-17");
        assertThat(label.getStart()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(label.getEnd()).isEqualTo(Instant.parse("2026-11-03T18:30:00Z"));
        assertThat(label.getReason()).isEqualTo("chargeback CB-20931");
    }

    @Test
    void shouldLabelOneRecordWhenNoEndIsGiven() {
        AnomalyLabel label = LabelController.parse(body("kind", "SENSOR", "key", "pump-1", "start", "2026-11-01T10:00:00Z"));

        assertThat(label.getEnd()).isEqualTo(label.getStart());
        assertThat(label.getReason()).isNull();
    }

    @Test
    void shouldRefuseABadLabelNamingTheField() {
        assertThatThrownBy(() -> LabelController.parse(null)).hasMessageContaining("kind, key, start");
        assertThatThrownBy(() -> LabelController.parse(body("kind", "pumps", "key", "a", "start", "2026-11-01T10:00:00Z")))
                .hasMessage("kind: 'pumps' is neither sensor nor transaction");
        assertThatThrownBy(() -> LabelController.parse(body("kind", "sensor", "start", "2026-11-01T10:00:00Z")))
                .hasMessage("key: missing");
        assertThatThrownBy(() -> LabelController.parse(body("kind", "sensor", "key", "a", "start", "yesterday")))
                .hasMessageStartingWith("start: 'yesterday' is not an ISO-8601 instant");
        assertThatThrownBy(() -> LabelController.parse(body("kind", "sensor", "key", "a", "start", "2026-11-02T00:00:00Z",
                "end", "2026-11-01T00:00:00Z"))).hasMessage("end: 2026-11-01T00:00:00Z is before start 2026-11-02T00:00:00Z");
    }
}
