package io.streamad.detector.evaluation;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code evaluate csv}: multivariate CSVs, either one series per {@code --test} (with optional
 * {@code --train} and {@code --labels}) or every {@code <name>_test.csv[.gz]} of a {@code --dir} with its
 * {@code <name>_train} and {@code <name>_test_label} files (the layout of ASD and SMD).
 */
@Command(name = "csv", mixinStandardHelpOptions = true,
        description = "Multivariate CSV: timestamp column (optional), feature columns, optional 0/1 label column or label file.")
final class CsvCommand extends DatasetCommand {

    /** One series given file by file. */
    static final class Files3 {
        @Option(names = "--test", required = true, description = "Rows to judge.")
        Path test;

        @Option(names = "--train", description = "Rows replayed first, not judged (assumed normal).")
        Path train;

        @Option(names = "--labels", description = "0/1 per test row, one per line, header optional.")
        Path labels;
    }

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<Files3> files = new ArrayList<>();

    @Option(names = "--dir", description = "A folder of <name>_test.csv[.gz], <name>_train.csv[.gz] and <name>_test_label.csv files.")
    Path dir;

    @Option(names = "--separator", description = "Column separator (default: detected from the header among , ; tab |).")
    String separator;

    @Option(names = "--timestamp-column", description = "Timestamp column (default: none; rows are --interval apart).")
    String timestampColumn;

    @Option(names = "--label-column", description = "0/1 label column in the test file(s).")
    String labelColumn;

    @Option(names = "--columns", split = ",", description = "Feature columns to use (default: all but timestamp and label).")
    List<String> columns;

    @Option(names = "--interval", defaultValue = "5m", description = "Spacing of rows without timestamps (default: ${DEFAULT-VALUE}).")
    String interval;

    @Override
    String dataset() {
        return "csv";
    }

    @Override
    List<Series> load() throws IOException {
        List<Files3> all = new ArrayList<>(files);
        if (dir != null) {
            all.addAll(fromDir(dir));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("give --test (with optional --train and --labels) or --dir");
        }
        LabelledCsv format = new LabelledCsv(separator, timestampColumn, labelColumn, columns, duration(interval));
        List<Series> series = new ArrayList<>();
        for (Files3 f : all) {
            series.add(load(format, f));
        }
        return series;
    }

    private static Series load(LabelledCsv format, Files3 f) throws IOException {
        String name = baseName(f.test).replaceFirst("_test$", "");
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        List<io.streamad.avro.SensorReading> history = List.of();
        if (f.train != null) {
            LabelledCsv.Table train = new LabelledCsv(format.separator(), format.timestampColumn(), null,
                    format.columns(), format.interval()).read(f.train, name, start);
            history = train.readings();
            start = history.isEmpty() ? start : history.get(history.size() - 1).getEventTime().plus(format.interval());
        }
        LabelledCsv.Table test = format.read(f.test, name, start);
        boolean[] labels = test.labels();
        if (f.labels != null) {
            labels = LabelledCsv.readLabels(f.labels);
            if (labels.length != test.readings().size()) {
                throw new IllegalArgumentException(f.labels + ": " + labels.length + " labels for " + test.readings().size()
                        + " rows of " + f.test);
            }
        }
        return new Series(name, test.measurements(), history, test.readings(), labels, null);
    }

    private static List<Files3> fromDir(Path dir) throws IOException {
        List<Files3> found = new ArrayList<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path test : paths.filter(p -> baseName(p).endsWith("_test")).sorted().toList()) {
                String name = baseName(test).replaceFirst("_test$", "");
                Files3 f = new Files3();
                f.test = test;
                f.train = sibling(dir, name + "_train");
                f.labels = sibling(dir, name + "_test_label");
                found.add(f);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no <name>_test.csv[.gz] file");
        }
        return found;
    }

    private static Path sibling(Path dir, String base) {
        for (String ext : List.of(".csv", ".csv.gz")) {
            Path p = dir.resolve(base + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static String baseName(Path p) {
        return p.getFileName().toString().replaceFirst("\\.gz$", "").replaceFirst("\\.csv$", "");
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase());
            }
            long amount = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--interval: expected e.g. 30s, 5m, 1h or PT5M, got '" + text + "'");
        }
    }
}
