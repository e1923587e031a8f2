package io.streamad.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped Grafana dashboard, {@code deploy/grafana/streamad.json}, and the metric names its queries use. */
public final class GrafanaDashboard {

    /** Relative to the detector module, where Maven runs its tests. */
    public static final Path FILE = Path.of("..", "deploy", "grafana", "streamad.json");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");

    private final JsonNode json;

    private GrafanaDashboard(JsonNode json) {
        this.json = json;
    }

    public static GrafanaDashboard load() {
        try {
            return new GrafanaDashboard(new ObjectMapper().readTree(Files.readString(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath().normalize(), e);
        }
    }

    public JsonNode json() {
        return json;
    }

    /** Every panel, rows' nested panels included. */
    public List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        json.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        return panels;
    }

    /** Each panel's title with the PromQL expressions of its targets. */
    public Map<String, List<String>> queries() {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels()) {
            List<String> exprs = new ArrayList<>();
            panel.path("targets").forEach(t -> {
                if (t.hasNonNull("expr")) {
                    exprs.add(t.get("expr").asText());
                }
            });
            if (!exprs.isEmpty()) {
                queries.put(panel.path("title").asText(), exprs);
            }
        }
        return queries;
    }

    /** The metric names one of the dashboard's queries reads. */
    public Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        queries().values().forEach(exprs -> exprs.forEach(e -> names.addAll(metricNames(e))));
        return names;
    }

    /**
     * The metric names in a PromQL expression: identifiers that are not functions (followed by a parenthesis),
     * keywords, label matchers, grouping labels, range selectors or Grafana variables.
     */
    public static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String id = m.group();
            boolean function = bare.substring(m.end()).stripLeading().startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!function && !number && !KEYWORDS.contains(id.toLowerCase())) {
                names.add(id);
            }
        }
        return names;
    }

    /** The metric names in a Prometheus text exposition. */
    public static Set<String> exposed(String prometheusText) {
        Set<String> names = new LinkedHashSet<>();
        prometheusText.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            Matcher m = IDENTIFIER.matcher(l);
            if (m.lookingAt()) {
                names.add(m.group());
            }
        });
        return names;
    }
}
