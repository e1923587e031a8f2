package io.streamad.detector.evaluation;

import io.streamad.avro.SensorReading;
import io.streamad.core.evaluation.NabScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code evaluate avro}: sensor readings as Avro, from an Avro data file or read from a topic (from
 * its beginning to its current end), one series per sensor, with labelled windows per sensor in NAB's
 * JSON form ({@code {"<sensor id>": [[start, end], ...]}}).
 */
@Command(name = "avro", mixinStandardHelpOptions = true,
        description = "SensorReading records from an Avro data file (--file) or a Kafka topic (--topic), windows from --labels.")
final class AvroCommand extends DatasetCommand {

    @Mixin
    AvroSource source;

    @Option(names = "--labels", description = "Labelled windows per sensor id: {\"<sensor>\": [[start, end], ...]}.")
    Path labels;

    @Override
    String dataset() {
        return "avro";
    }

    @Override
    List<Series> load() throws IOException {
        List<SensorReading> readings = source.read(SensorReading.class);
        Map<String, List<NabScorer.Window>> windows = labels == null ? Map.of() : NabCorpus.windows(labels);
        Map<String, List<SensorReading>> bySensor = new TreeMap<>();
        readings.forEach(r -> bySensor.computeIfAbsent(r.getSensorId(), k -> new ArrayList<>()).add(r));
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<SensorReading>> e : bySensor.entrySet()) {
            List<SensorReading> rows = e.getValue();
            rows.sort(Comparator.comparing(SensorReading::getEventTime));
            List<String> measurements = rows.get(0).getMeasurements().keySet().stream().sorted().toList();
            for (SensorReading r : rows) {
                if (!r.getMeasurements().keySet().equals(Set.copyOf(measurements))) {
                    throw new IllegalArgumentException(e.getKey() + ": a reading at " + r.getEventTime() + " has measurements "
                            + r.getMeasurements().keySet() + ", the first had " + measurements);
                }
            }
            List<NabScorer.Window> w = windows.get(e.getKey());
            if (w == null && labels != null) {
                throw new IllegalArgumentException(labels + " has no windows for sensor '" + e.getKey() + "' (give [] for none)");
            }
            series.add(w == null ? new Series(e.getKey(), measurements, List.of(), rows, null, null)
                    : withWindows(e.getKey(), measurements, rows, w));
        }
        return series;
    }

    private static Series withWindows(String name, List<String> measurements, List<SensorReading> rows,
                                      List<NabScorer.Window> windows) {
        Series nab = Series.nab(name, rows, windows);
        return new Series(name, measurements, List.of(), rows, nab.labels(), windows);
    }
}
