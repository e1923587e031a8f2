package io.streamad.detector.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamad.avro.SensorReading;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluate command end to end on small generated data sets: the real topology, the trainer's loop and
 * the scorers, through the command line users run, for each input format. The series are a daily cycle with noise, and one
 * labelled incident a well-behaved detector must find.
 */
class EvaluateCommandTest {

    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    private static final int ROWS = 2400;
    private static final int INCIDENT = 2000;
    private static final int FIVE_MINUTES = 300;

    @TempDir
    static Path root;

    private final ObjectMapper json = new ObjectMapper();

    /** A daily cycle (288 readings a day) with noise; from {@code INCIDENT} on, 12 readings far off the cycle. */
    private static double value(int i, Random random) {
        double daily = 20 + 5 * Math.sin(2 * Math.PI * (i % 288) / 288.0);
        double incident = i >= INCIDENT && i < INCIDENT + 12 ? 30 : 0;
        return daily + incident + 0.3 * random.nextGaussian();
    }

    private static Instant time(int i) {
        return START.plusSeconds((long) FIVE_MINUTES * i);
    }

    @BeforeAll
    static void writeDataSets() throws IOException {
        Path nab = root.resolve("nab");
        Files.createDirectories(nab.resolve("data/synthetic"));
        Files.createDirectories(nab.resolve("labels"));
        Random random = new Random(3);
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < ROWS; i++) {
            lines.add(NAB_TIME.format(time(i)) + "," + String.format(Locale.ROOT, "%.3f", value(i, random)));
        }
        Files.write(nab.resolve("data/synthetic/daily_incident.csv"), lines);
        Files.writeString(nab.resolve("labels/combined_windows.json"), """
                {
                  "synthetic/daily_incident.csv": [["%s.000000", "%s.000000"]]
                }
                """.formatted(NAB_TIME.format(time(INCIDENT - 40)), NAB_TIME.format(time(INCIDENT + 40))));

        // two measurements, ';'-separated, a label column and a separate train file
        random = new Random(4);
        List<String> train = new ArrayList<>(List.of("time;cpu;mem"));
        for (int i = 0; i < 1500; i++) {
            train.add(time(i) + ";" + row(i, random));
        }
        Files.write(root.resolve("server_train.csv"), train);
        List<String> test = new ArrayList<>(List.of("time;cpu;mem;anomaly"));
        for (int i = 1500; i < ROWS; i++) {
            test.add(time(i) + ";" + row(i, random) + ";" + (i >= INCIDENT && i < INCIDENT + 12 ? 1 : 0));
        }
        Files.write(root.resolve("server_test.csv"), test);
    }

    private static String row(int i, Random random) {
        double cpu = value(i, random);
        double mem = 50 + 0.5 * random.nextGaussian() + (i >= INCIDENT && i < INCIDENT + 12 ? -20 : 0);
        return String.format(Locale.ROOT, "%.3f;%.3f", cpu, mem);
    }

    @Test
    void shouldReplayANabLayoutAndFindTheLabelledIncident() throws IOException {
        Path out = root.resolve("out-nab");

        EvaluateRun run = EvaluateRun.of("nab", root.resolve("nab").toString(), "--out", out.toString(), "--threads", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = json.readTree(out.resolve("report.json").toFile());
        assertThat(report.path("dataset").asText()).isEqualTo("nab");
        assertThat(report.path("rows").asInt()).isEqualTo(ROWS);
        JsonNode nab = report.path("nab");
        assertThat(nab.path("windows").asInt()).isEqualTo(1);
        assertThat(nab.path("windowsDetected").asInt()).isEqualTo(1);
        assertThat(nab.path("standard").asDouble()).isPositive();
        assertThat(nab.has("reward_low_FP_rate")).isTrue();
        assertThat(nab.has("reward_low_FN_rate")).isTrue();
        assertThat(report.path("settings").path("threshold").isMissingNode()).isFalse();
        // every candidate the simulated trainer produced, the one that scored the rows among them
        JsonNode models = report.path("perSeries").path(0).path("models");
        assertThat(models.size()).isEqualTo(report.path("perSeries").path(0).path("modelsAccepted").asInt()
                + report.path("perSeries").path(0).path("modelsRejected").asInt());
        JsonNode first = models.path(0);
        assertThat(first.path("at").asText()).startsWith("20");
        List<JsonNode> accepted = new ArrayList<>();
        models.forEach(m -> {
            if (m.path("accepted").asBoolean()) {
                accepted.add(m);
            }
        });
        // each accepted model's calibration: where a key's threshold state lands when it starts serving
        assertThat(accepted).isNotEmpty().allSatisfy(m -> {
            assertThat(m.path("globalThreshold").asDouble()).isPositive();
            assertThat(m.path("logMedian").isNumber()).isTrue();
            assertThat(m.path("logStd").asDouble(-1)).isNotNegative();
        });
        assertThat(first.path("accepted").asBoolean() || first.hasNonNull("reason")).isTrue();

        List<String> records = Files.readAllLines(out.resolve("records/synthetic_daily_incident.csv"));
        assertThat(records).hasSize(ROWS + 1);
        assertThat(records.get(0)).isEqualTo("timestamp,value,label,score,threshold,verdict,rule,alert,model");
        assertThat(records.stream().skip(1).filter(l -> l.contains(",NORMAL,")).count()).isGreaterThan(ROWS / 2);
        // the rule column names why a row is an anomaly beyond its score, and only on anomalies
        assertThat(records.stream().skip(1).map(l -> l.split(",", -1)))
                .allSatisfy(f -> assertThat(f[6]).isIn("", "range", "stuck", "range+stuck"))
                .filteredOn(f -> !f[6].isEmpty()).isNotEmpty().allSatisfy(f -> assertThat(f[5]).isEqualTo("ANOMALY"));
        String scoredBy = records.get(ROWS).substring(records.get(ROWS).lastIndexOf(',') + 1);
        assertThat(models.findValuesAsText("version")).contains(scoredBy);
        assertThat(Files.readString(out.resolve("plots/synthetic_daily_incident.html"))).contains("<svg");
    }

    @Test
    void shouldRunOncePerSeedAndReportTheSpread() throws IOException {
        Path out = root.resolve("out-seeds");

        EvaluateRun run = EvaluateRun.of("nab", root.resolve("nab").toString(), "--seeds", "42,7", "--out", out.toString(), "--threads", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode spread = json.readTree(out.resolve("seeds.json").toFile());
        assertThat(spread.path("setting").asText()).isEqualTo("streamad.trainer.retrain.seed");
        assertThat(spread.path("runs").findValuesAsText("seed")).containsExactly("42", "7");
        double total = 0;
        for (long seed : new long[] {42, 7}) {
            JsonNode report = json.readTree(out.resolve("seed-" + seed).resolve("report.json").toFile());
            assertThat(report.path("settings").path("trainer.retrain").path("seed").asLong()).isEqualTo(seed);
            total += report.path("nab").path("standard").asDouble();
        }
        assertThat(spread.path("summary").path("nab.standard").path("mean").asDouble()).isCloseTo(total / 2,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(spread.path("summary").path("nab.standard").path("min").asDouble())
                .isLessThanOrEqualTo(spread.path("summary").path("nab.standard").path("max").asDouble());
    }

    @Test
    void shouldRefuseTwoWaysOfGivingTheSeed() {
        EvaluateRun run = EvaluateRun.of("nab", root.resolve("nab").toString(), "--seeds", "1,2", "--set",
                "streamad.trainer.retrain.seed=3", "--out", root.resolve("out-two-seeds").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("give the trainer's seed by --seeds or by --set streamad.trainer.retrain.seed, not both");
        EvaluateRun twice = EvaluateRun.of("nab", root.resolve("nab").toString(), "--seeds", "1,2,1", "--out",
                root.resolve("out-seed-twice").toString());
        assertThat(twice.exitCode()).isNotZero();
        assertThat(twice.err()).contains("--seeds lists a seed twice: [1, 2, 1]");
    }

    @Test
    void shouldScoreALabelledMultivariateCsvWithATrainFile() throws IOException {
        Path out = root.resolve("out-csv");

        EvaluateRun run = EvaluateRun.of("csv", "--train", root.resolve("server_train.csv").toString(),
                "--test", root.resolve("server_test.csv").toString(), "--timestamp-column", "time",
                "--label-column", "anomaly", "--out", out.toString(), "--threads", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = json.readTree(out.resolve("report.json").toFile());
        assertThat(report.path("dataset").asText()).isEqualTo("csv");
        assertThat(report.path("rows").asInt()).isEqualTo(ROWS - 1500);
        assertThat(report.has("precision")).isTrue();
        assertThat(report.path("recall").asDouble()).isPositive();
        assertThat(report.path("f1").asDouble()).isPositive();
        assertThat(report.path("events").path("labelled").asInt()).isEqualTo(1);
        assertThat(report.path("events").path("detected").asInt()).isEqualTo(1);
    }

    @Test
    void shouldReplayAnAvroDataFileOfSensorReadingsWithLabelledWindows() throws IOException {
        Path avro = root.resolve("readings.avro");
        Random random = new Random(3);
        try (DataFileWriter<SensorReading> out = new DataFileWriter<>(new SpecificDatumWriter<>(SensorReading.class))) {
            out.create(SensorReading.getClassSchema(), avro.toFile());
            for (int i = 0; i < ROWS; i++) {
                out.append(new SensorReading("pump-7", time(i), Map.of("value", value(i, random))));
            }
        }
        Path labels = root.resolve("windows.json");
        Files.writeString(labels, "{\"pump-7\": [[\"%s\", \"%s\"]]}".formatted(
                NAB_TIME.format(time(INCIDENT - 40)), NAB_TIME.format(time(INCIDENT + 40))));
        Path out = root.resolve("out-avro");

        EvaluateRun run = EvaluateRun.of("avro", "--file", avro.toString(), "--labels", labels.toString(), "--out", out.toString(),
                "--threads", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = json.readTree(out.resolve("report.json").toFile());
        assertThat(report.path("dataset").asText()).isEqualTo("avro");
        assertThat(report.path("rows").asInt()).isEqualTo(ROWS);
        assertThat(report.path("nab").path("windowsDetected").asInt()).isEqualTo(1);

        Path notAvro = root.resolve("not.avro");
        Files.writeString(notAvro, "timestamp,value\n");
        EvaluateRun bad = EvaluateRun.of("avro", "--file", notAvro.toString(), "--out", root.resolve("out-not-avro").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains(notAvro + ": not an Avro data file of SensorReading records");
    }

    @Test
    void shouldNameTheFileAndLineOfAMalformedRow() throws IOException {
        Path bad = root.resolve("bad.csv");
        Files.write(bad, List.of("time,cpu", "2024-01-01T00:00:00Z,1.0", "2024-01-01T00:05:00Z,oops"));

        EvaluateRun run = EvaluateRun.of("csv", "--test", bad.toString(), "--timestamp-column", "time", "--out",
                root.resolve("out-bad").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(bad + ":3:").contains("'cpu'").contains("oops");
    }

    @Test
    void shouldRefuseAFolderThatIsNotInNabsLayout() {
        EvaluateRun run = EvaluateRun.of("nab", root.toString(), "--out", root.resolve("out-none").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not in NAB's layout").contains("combined_windows.json");
    }

    @Test
    void shouldNameTheLineOfAMalformedNabFile() throws IOException {
        Path nab = root.resolve("nab-bad");
        Files.createDirectories(nab.resolve("data/x"));
        Files.createDirectories(nab.resolve("labels"));
        Files.write(nab.resolve("data/x/y.csv"), List.of("timestamp,value", "2024-01-01 00:00:00,1", "yesterday,2"));
        Files.writeString(nab.resolve("labels/combined_windows.json"), "{\"x/y.csv\": []}");

        EvaluateRun run = EvaluateRun.of("nab", nab.toString(), "--out", root.resolve("out-nab-bad").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("y.csv").contains(":3").contains("yesterday");
    }
}
