package io.streamad.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files under test, read from the repository (this module's folder is deploy/). */
final class DeployFiles {

    static final Path ROOT = findRoot();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path K8S = DEPLOY.resolve("k8s");
    static final Path DOCKER = DEPLOY.resolve("docker");

    private DeployFiles() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/k8s"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/k8s above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file (anchors and merge keys resolved). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(read(file))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** The value at a path of map keys and list indexes, or null. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
                current = list.get(index);
            } else {
                return null;
            }
        }
        return (T) current;
    }

    /** The detector's defaults, flattened to dotted keys (application.yml). */
    static Map<String, Object> detectorDefaults() {
        return defaults("detector/src/main/resources/application.yml");
    }

    /** The trainer service's defaults, flattened to dotted keys (application-trainer.yml). */
    static Map<String, Object> trainerDefaults() {
        return defaults("trainer/src/main/resources/application-trainer.yml");
    }

    private static Map<String, Object> defaults(String file) {
        Map<String, Object> flat = new java.util.TreeMap<>();
        flatten("", yamlDocuments(ROOT.resolve(file)).get(0), flat);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> into) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key.toString() : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, nested, into);
            } else {
                into.put(name, value);
            }
        });
    }

    /**
     * The configuration keys the README documents (its Configuration table), with '-' read as '.', so that
     * an environment variable's name (STREAMAD_TOPICS_REPLICATION_FACTOR) can be looked up.
     */
    static Set<String> documentedKeys() {
        Set<String> keys = new LinkedHashSet<>();
        Pattern code = Pattern.compile("`([a-z.\\-]+)`");
        for (String line : read(ROOT.resolve("README.md")).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String firstCell = line.substring(1, line.indexOf('|', 1));
            String prefix = "";
            Matcher m = code.matcher(firstCell);
            while (m.find()) {
                String token = m.group(1);
                String key = token.startsWith(".") ? prefix + token : token;
                prefix = key.substring(0, key.lastIndexOf('.'));
                keys.add(key.replace('-', '.'));
            }
        }
        return keys;
    }

    /** The key Micronaut reads an environment variable as, with '-' read as '.'. */
    static String keyOf(String environmentVariable) {
        return environmentVariable.toLowerCase(java.util.Locale.ROOT).replace('_', '.');
    }
}
