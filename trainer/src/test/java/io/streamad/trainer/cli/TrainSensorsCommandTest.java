package io.streamad.trainer.cli;

import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.model.ManifestCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TrainSensorsCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeTheWholeWindowAsLagsWhenTheWindowIsShorterThanTheDefaultLags() throws IOException {
        FeatureSchema schema = train("--window", "16");

        assertThat(schema.params()).containsEntry("window", "16").containsEntry("lags", "16");
        assertThat(schema.names()).contains("value.lag_16").doesNotContain("value.lag_17");
    }

    @Test
    void shouldTakeTheLagsGiven() throws IOException {
        FeatureSchema schema = train("--window", "16", "--lags", "8");

        assertThat(schema.params()).containsEntry("lags", "8");
        assertThat(schema.names()).contains("value.lag_8").doesNotContain("value.lag_9");
    }

    @Test
    void shouldTakeTheDetectorsDefaultLagsAtTheDefaultWindow() throws IOException {
        FeatureSchema schema = train();

        assertThat(schema.params()).containsEntry("window", "32").containsEntry("lags", "30");
    }

    /** Trains on a short daily-cycle series with the given options and returns the written model's feature schema. */
    private FeatureSchema train(String... options) throws IOException {
        Path csv = dir.resolve("series.csv");
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,value");
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 600; i++) {
            double value = 10 + 3 * Math.sin(2 * Math.PI * i / 288) + 0.3 * Math.sin(i * 1.7);
            lines.add(start.plusSeconds(300L * i) + "," + value);
        }
        Files.write(csv, lines);
        Path out = dir.resolve("models");
        List<String> args = new ArrayList<>(List.of("--csv", csv.toString(), "--epochs", "2", "--out", out.toString()));
        args.addAll(List.of(options));

        int exit = new CommandLine(new TrainSensorsCommand()).execute(args.toArray(String[]::new));

        assertThat(exit).isZero();
        try (Stream<Path> versions = Files.list(out.resolve("sensor"))) {
            return ManifestCodec.read(versions.findFirst().orElseThrow()).features();
        }
    }
}
