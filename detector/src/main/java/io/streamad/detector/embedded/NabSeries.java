package io.streamad.detector.embedded;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamad.avro.SensorReading;
import io.streamad.core.series.TimeSeriesCsv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The NAB series shipped with the demo, and its labelled anomaly windows. */
public record NabSeries(String sensorId, List<SensorReading> readings, List<Window> windows) {

    static final String RESOURCE = "demo/machine_temperature_system_failure";

    /** A labelled anomaly window, inclusive. */
    public record Window(int number, Instant start, Instant end) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }
    }

    public static NabSeries machineTemperature() {
        String sensor = "machine_temperature";
        try (InputStream csv = resource(RESOURCE + ".csv"); InputStream json = resource(RESOURCE + ".windows.json")) {
            List<SensorReading> readings = TimeSeriesCsv.read(RESOURCE + ".csv",
                    new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8)), sensor);
            Map<String, List<List<String>>> labels = new ObjectMapper().readValue(json, new TypeReference<>() { });
            List<List<String>> spans = labels.values().iterator().next();
            List<Window> windows = new java.util.ArrayList<>();
            for (int i = 0; i < spans.size(); i++) {
                windows.add(new Window(i + 1, TimeSeriesCsv.parseTime(RESOURCE, 0, spans.get(i).get(0)),
                        TimeSeriesCsv.parseTime(RESOURCE, 0, spans.get(i).get(1))));
            }
            return new NabSeries(sensor, readings, List.copyOf(windows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo series " + RESOURCE, e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = NabSeries.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("demo resource " + name + " is missing from the classpath");
        }
        return in;
    }

    /** The labelled window containing {@code t}, or null. */
    public Window windowAt(Instant t) {
        return windows.stream().filter(w -> w.contains(t)).findFirst().orElse(null);
    }
}
