package io.streamad.trainer.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.value.PropertyResolver;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Says which {@code streamad.*} key is wrong, and why, in one line. Micronaut binds a value it cannot
 * convert as if it were unset (the default wins silently) and reports a constraint violation as
 * {@code Threshold.getK - must be ...}; this check refuses the first and translates the second to
 * {@code streamad.threshold.k = -1: must be ...}. Each service passes the settings interfaces it binds.
 */
public final class ConfigurationCheck {

    /** The settings the trainer binds: its own and the feature settings it shares with the detectors. */
    public static final List<Class<?>> TRAINER = List.of(TrainerConfig.class, TrainerConfig.Sample.class,
            TrainerConfig.Retrain.class, TrainerConfig.Gate.class, TrainerConfig.Publish.class, SensorSettings.class,
            TransactionSettings.class);
    /** What Micronaut reads as a boolean; it reads any other word as false. */
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "y", "n", "on", "off");
    private static final Pattern BEAN = Pattern.compile("Validation failed for bean definition \\[([\\w.$]+?)(?:\\$Intercepted)?]");
    private static final Pattern VIOLATION = Pattern.compile("(?m)^\\s*\\w+\\.(?:get|is)(\\w+) - (.+)$");

    private ConfigurationCheck() {
    }

    /**
     * Throws a {@link StartupException} naming every set key of these settings whose value is not of its type, or
     * is a duration that is not positive.
     */
    public static void require(PropertyResolver env, List<Class<?>> settingsClasses) {
        List<String> problems = new ArrayList<>();
        for (Class<?> settings : settingsClasses) {
            for (Method getter : settings.getMethods()) {
                String key = key(settings, getter.getName());
                if (key != null && isValue(getter) && env.containsProperty(key)) {
                    unreadable(env, key, valueType(getter)).ifPresent(problems::add);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupException("Invalid configuration: " + String.join("; ", problems));
        }
    }

    /**
     * Throws a {@link StartupException} when two topic settings name the same topic: each is read or written for its
     * own purpose (scores read back as readings, labels mistaken for models), and a topic taken twice would feed one
     * stream into another. {@code topics} maps each setting's key to its topic, in the order to report them.
     */
    public static void requireDistinctTopics(Map<String, String> topics) {
        Map<String, String> firstKey = new HashMap<>();
        List<String> problems = new ArrayList<>();
        topics.forEach((key, topic) -> {
            String other = firstKey.putIfAbsent(topic, key);
            if (other != null) {
                problems.add(key + " = " + topic + ": the topic of " + other + " too; each needs a topic of its own");
            }
        });
        if (!problems.isEmpty()) {
            throw new StartupException("Invalid configuration: " + String.join("; ", problems));
        }
    }

    /** The one line that says why start-up failed: configuration problems by key, otherwise the innermost cause. */
    public static String explain(Throwable failure, PropertyResolver env) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupException) {
                return t.getMessage();
            }
            Optional<String> violations = violations(t.getMessage(), env);
            if (violations.isPresent()) {
                return violations.get();
            }
            root = t;
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static Optional<String> violations(String message, PropertyResolver env) {
        Matcher bean = message == null ? null : BEAN.matcher(message);
        if (bean == null || !bean.find()) {
            return Optional.empty();
        }
        Class<?> settings;
        try {
            settings = Class.forName(bean.group(1), false, ConfigurationCheck.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        Matcher v = VIOLATION.matcher(message);
        while (v.find()) {
            String key = key(settings, "get" + v.group(1));
            String value = env.getProperty(key, String.class).orElse("(default)");
            problems.add(key + " = " + value + ": " + v.group(2).trim());
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of("Invalid configuration: " + String.join("; ", problems));
    }

    /** A getter of one value, not of a nested settings group or a map of values (whose keys are checked on their own). */
    private static boolean isValue(Method getter) {
        Class<?> type = getter.getReturnType();
        return type != void.class && !Map.class.isAssignableFrom(type)
                && type.getAnnotation(ConfigurationProperties.class) == null;
    }

    /** The type a setting binds to: its getter's return type, or T of an {@code Optional<T>} getter. */
    private static Class<?> valueType(Method getter) {
        if (getter.getReturnType() == Optional.class
                && getter.getGenericReturnType() instanceof java.lang.reflect.ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> inner) {
            return inner;
        }
        return getter.getReturnType();
    }

    private static Optional<String> unreadable(PropertyResolver env, String key, Class<?> type) {
        Class<?> boxed = type == int.class ? Integer.class : type == double.class ? Double.class
                : type == boolean.class ? Boolean.class : type;
        Optional<?> value = env.getProperty(key, boxed);
        String raw = env.getProperty(key, String.class).orElse("?");
        if (value.isEmpty() || boxed == Boolean.class && !BOOLEAN_WORDS.contains(raw.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of(key + " = " + raw + ": not " + describe(type));
        }
        if (value.get() instanceof Duration d && (d.isNegative() || d.isZero())) {
            return Optional.of(key + " = " + raw + ": must be a positive duration");
        }
        return Optional.empty();
    }

    private static String describe(Class<?> type) {
        if (type == Duration.class) {
            return "a duration (e.g. 20ms, 5s, 1m, 1h, 5d)";
        }
        if (type == int.class) {
            return "a whole number";
        }
        if (type == double.class) {
            return "a number";
        }
        if (type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        return type == Path.class ? "a path" : "a " + type.getSimpleName();
    }

    /** {@code streamad.threshold.k} for {@code getK} of {@code DetectorConfig.Threshold}; null for a method that is no setting. */
    private static String key(Class<?> settings, String method) {
        String property = method.startsWith("get") ? method.substring(3) : method.startsWith("is") ? method.substring(2) : null;
        if (property == null || property.isEmpty()) {
            return null;
        }
        return prefix(settings) + "." + property.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String prefix(Class<?> settings) {
        ConfigurationProperties own = settings.getAnnotation(ConfigurationProperties.class);
        Class<?> outer = settings.getEnclosingClass();
        String prefix = own == null ? "" : own.value();
        return outer == null || outer.getAnnotation(ConfigurationProperties.class) == null ? prefix : prefix(outer) + "." + prefix;
    }
}
