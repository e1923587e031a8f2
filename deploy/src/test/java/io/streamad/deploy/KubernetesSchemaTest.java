package io.streamad.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every resource in deploy/k8s against the API it is written for, offline: Kubernetes kinds against the
 * official Java client's models generated from the Kubernetes 1.32 OpenAPI document (they refuse unknown
 * and missing required fields), Strimzi kinds against Strimzi 0.49's own models of its custom resources
 * (unknown fields, wrong types and unknown enum values are refused).
 */
class KubernetesSchemaTest {

    private static final Map<String, Class<?>> KUBERNETES = Map.of(
            "v1/Namespace", V1Namespace.class,
            "v1/ConfigMap", V1ConfigMap.class,
            "v1/Service", V1Service.class,
            "apps/v1/StatefulSet", V1StatefulSet.class,
            "apps/v1/Deployment", V1Deployment.class,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);
    private static final Map<String, Class<?>> STRIMZI = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", Kafka.class,
            "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class);

    private final ObjectMapper strimziMapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void shouldMatchTheKubernetesAndStrimziApisInEveryManifest() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Manifests.Resource resource : Manifests.kustomized()) {
            problems.addAll(check(resource.kindKey(), resource.body()).stream()
                    .map(problem -> resource + ": " + problem).toList());
            checked++;
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(15);
    }

    @Test
    void shouldRefuseAMisspelledFieldAndAnUnknownListenerType() {
        // given: a StatefulSet with "replica" for "replicas", a Kafka listener of a type Strimzi has not
        Map<String, Object> statefulSet = Map.of("apiVersion", "apps/v1", "kind", "StatefulSet",
                "metadata", Map.of("name", "x"),
                "spec", Map.of("replica", 3, "serviceName", "x", "selector", Map.of(),
                        "template", Map.of()));
        Map<String, Object> kafka = Map.of("apiVersion", "kafka.strimzi.io/v1beta2", "kind", "Kafka",
                "metadata", Map.of("name", "x"),
                "spec", Map.of("kafka", Map.of("listeners",
                        List.of(Map.of("name", "plain", "port", 9092, "type", "sideways", "tls", false)))));
        Map<String, Object> topic = Map.of("apiVersion", "kafka.strimzi.io/v1beta2", "kind", "KafkaTopic",
                "metadata", Map.of("name", "x"), "spec", Map.of("partition", 1));

        // then
        assertThat(check("apps/v1/StatefulSet", statefulSet)).singleElement().asString().contains("replica");
        assertThat(check("kafka.strimzi.io/v1beta2/Kafka", kafka)).singleElement().asString().contains("sideways");
        assertThat(check("kafka.strimzi.io/v1beta2/KafkaTopic", topic)).singleElement().asString().contains("partition");
    }

    private List<String> check(String kindKey, Map<String, Object> body) {
        if (KUBERNETES.containsKey(kindKey)) {
            return checkKubernetes(KUBERNETES.get(kindKey), new Gson().toJsonTree(body));
        }
        if (STRIMZI.containsKey(kindKey)) {
            return checkStrimzi(STRIMZI.get(kindKey), body);
        }
        return List.of("no model for " + kindKey + " (add it to " + getClass().getSimpleName() + ")");
    }

    private static List<String> checkKubernetes(Class<?> model, JsonElement json) {
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
            return List.of();
        } catch (InvocationTargetException e) {
            return List.of(e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> checkStrimzi(Class<?> model, Map<String, Object> body) {
        Object resource;
        try {
            resource = strimziMapper.convertValue(body, model);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        // Strimzi's models keep fields they do not know in additionalProperties instead of refusing them.
        List<String> problems = new ArrayList<>();
        collectUnknown(resource, model.getSimpleName(), Collections.newSetFromMap(new IdentityHashMap<>()), problems);
        // A value the model could not take (an unknown enum constant becomes null) does not come back out.
        // (apiVersion is checked by the table above: the model writes its own, v1, back.)
        Map<String, Object> given = new java.util.HashMap<>(body);
        given.remove("apiVersion");
        collectLost(given, strimziMapper.convertValue(resource, Map.class), model.getSimpleName(), problems);
        return problems;
    }

    private static void collectLost(Object given, Object kept, String path, List<String> problems) {
        if (given instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectLost(v, kept instanceof Map<?, ?> m ? m.get(k) : null, path + "." + k, problems));
        } else if (given instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object keptItem = kept instanceof List<?> l && i < l.size() ? l.get(i) : null;
                collectLost(list.get(i), keptItem, path + "[" + i + "]", problems);
            }
        } else if (kept == null || !String.valueOf(given).equals(String.valueOf(kept))) {
            problems.add("value " + path + " = " + given + " not taken by the model (read as " + kept + ")");
        }
    }

    private static void collectUnknown(Object node, String path, Set<Object> seen, List<String> unknown) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", seen, unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknown(v, path + "." + k, seen, unknown));
            return;
        }
        String type = node.getClass().getName();
        if (!type.startsWith("io.strimzi.") && !type.startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
                extra.keySet().forEach(key -> unknown.add("unknown field " + path + "." + key));
            } else {
                collectUnknown(value, path + "." + getter.getName().substring(3), seen, unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
