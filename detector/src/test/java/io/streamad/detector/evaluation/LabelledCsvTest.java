package io.streamad.detector.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelledCsvTest {

    @TempDir
    Path dir;

    private final LabelledCsv detected = new LabelledCsv(null, null, null, null, Duration.ofMinutes(5));

    @Test
    void shouldDetectTheSeparatorFromTheHeader() {
        assertThat(LabelledCsv.detect("a,b,c")).isEqualTo(",");
        assertThat(LabelledCsv.detect("a;b;c")).isEqualTo(";");
        assertThat(LabelledCsv.detect("a\tb\tc")).isEqualTo("\t");
        assertThat(LabelledCsv.detect("a|b")).isEqualTo("|");
        assertThat(LabelledCsv.detect("single")).isEqualTo(",");
    }

    @Test
    void shouldReadAGzippedFileWithoutTimestampsAtTheGivenInterval() throws IOException {
        Path file = dir.resolve("m_test.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("f0\tf1\n0.5\t1\n0.6\t2\n".getBytes(StandardCharsets.UTF_8));
        }
        Instant start = Instant.parse("2024-01-01T00:00:00Z");

        LabelledCsv.Table table = detected.read(file, "m", start);

        assertThat(table.measurements()).containsExactly("f0", "f1");
        assertThat(table.readings()).hasSize(2);
        assertThat(table.readings().get(1).getEventTime()).isEqualTo(start.plus(Duration.ofMinutes(5)));
        assertThat(table.readings().get(1).getMeasurements()).containsEntry("f1", 2.0);
        assertThat(table.labels()).isNull();
    }

    @Test
    void shouldReadLabelsWithOrWithoutAHeaderAndNameABadOne() throws IOException {
        Path labels = dir.resolve("labels.csv");
        Files.write(labels, List.of("label", "0", "1", "0"));
        assertThat(LabelledCsv.readLabels(labels)).containsExactly(false, true, false);

        Files.write(labels, List.of("0", "1", "2"));
        assertThatThrownBy(() -> LabelledCsv.readLabels(labels))
                .hasMessageContaining(labels + ":3: a label must be 0 or 1, got '2'");
    }

    @Test
    void shouldNameTheLineOfARowWithTheWrongNumberOfColumnsAndAnUnknownColumn() throws IOException {
        Path file = dir.resolve("short.csv");
        Files.write(file, List.of("a,b", "1,2", "3"));
        assertThatThrownBy(() -> detected.read(file, "k", Instant.EPOCH)).hasMessageContaining(file + ":3: expected 2 columns");

        LabelledCsv withTime = new LabelledCsv(null, "time", null, null, Duration.ofMinutes(5));
        assertThatThrownBy(() -> withTime.read(file, "k", Instant.EPOCH))
                .hasMessageContaining(file + ":1: no column 'time'");
        assertThatThrownBy(() -> detected.read(dir.resolve("missing.csv"), "k", Instant.EPOCH))
                .hasMessageContaining("missing.csv: no such file");
    }
}
