package io.streamad.core.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads NAB's reference output of a detector (timestamp, value, anomaly_score, label, ...) and its
 * published per-file scores, so a test can score the same detections and compare.
 */
final class NabReference {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One file's rows: times, whether the reference detector flagged them (score at or above 1.0), its windows. */
    record Output(long[] times, boolean[] detections, List<NabScorer.Window> windows) {
    }

    /** A row of {@code <detector>_<profile>_scores.csv}. */
    record Published(String profile, String file, double score, int tp, int tn, int fp, int fn) {
    }

    private NabReference() {
    }

    static Output output(InputStream raw) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
            String[] header = in.readLine().split(",");
            int scoreColumn = List.of(header).indexOf("anomaly_score");
            int labelColumn = List.of(header).indexOf("label");
            List<long[]> rows = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",");
                long time = LocalDateTime.parse(cells[0], TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
                rows.add(new long[] {time, Double.parseDouble(cells[scoreColumn]) >= 1.0 ? 1 : 0,
                        Integer.parseInt(cells[labelColumn])});
            }
            long[] times = new long[rows.size()];
            boolean[] detections = new boolean[rows.size()];
            List<NabScorer.Window> windows = new ArrayList<>();
            long windowStart = -1;
            for (int i = 0; i < rows.size(); i++) {
                times[i] = rows.get(i)[0];
                detections[i] = rows.get(i)[1] == 1;
                boolean labelled = rows.get(i)[2] == 1;
                if (labelled && windowStart < 0) {
                    windowStart = times[i];
                }
                boolean ends = labelled && (i + 1 == rows.size() || rows.get(i + 1)[2] == 0);
                if (ends) {
                    windows.add(new NabScorer.Window(windowStart, times[i]));
                    windowStart = -1;
                }
            }
            return new Output(times, detections, windows);
        }
    }

    static Output output(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return output(file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in);
    }

    static List<Published> published(BufferedReader in) throws IOException {
        List<Published> rows = new ArrayList<>();
        String line = in.readLine();
        while ((line = in.readLine()) != null) {
            String[] c = line.split(",");
            if (c[0].equals("Totals")) {
                continue;
            }
            rows.add(new Published(c[1], c[2], Double.parseDouble(c[4]), Integer.parseInt(c[5]), Integer.parseInt(c[6]),
                    Integer.parseInt(c[7]), Integer.parseInt(c[8])));
        }
        return rows;
    }

    /** NAB's data folder next to the project ({@code ../shared/data/nab}), where this machine has it. */
    static Optional<Path> corpus() {
        String configured = System.getenv("STREAMAD_NAB_DIR");
        if (configured != null) {
            return Optional.of(Path.of(configured)).filter(Files::isDirectory);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/nab");
            if (Files.isDirectory(candidate.resolve("results"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Map<String, NabProfile> profiles() {
        Map<String, NabProfile> byName = new HashMap<>();
        NabProfile.ALL.forEach(p -> byName.put(p.name(), p));
        return byName;
    }
}
