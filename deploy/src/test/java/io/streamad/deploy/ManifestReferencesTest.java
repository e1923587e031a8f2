package io.streamad.deploy;

import io.streamad.deploy.Manifests.Resource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.streamad.deploy.DeployFiles.at;
import static org.assertj.core.api.Assertions.assertThat;

/** What the API schemas cannot see: the manifests agree with each other and with the services' defaults. */
class ManifestReferencesTest {

    private final List<Resource> resources = Manifests.kustomized();
    private final Map<String, Object> defaults = DeployFiles.detectorDefaults();

    @Test
    void shouldListEveryManifestInTheKustomization() throws IOException {
        try (Stream<Path> files = Files.list(DeployFiles.K8S)) {
            List<String> manifests = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml")).toList();
            assertThat(Manifests.kustomizedFiles()).containsExactlyInAnyOrderElementsOf(manifests);
        }
        assertThat(resources).allSatisfy(r -> assertThat(r.name()).as(r.toString()).isNotBlank());
    }

    @Test
    void shouldDeclareTheDetectorsTopicsWithTheirDefaultNames() {
        List<String> topics = Manifests.ofKind(resources, "KafkaTopic").stream().map(Resource::name).toList();
        assertThat(topics).containsExactlyInAnyOrder(
                (String) defaults.get("streamad.topics.sensors"), (String) defaults.get("streamad.topics.transactions"),
                (String) defaults.get("streamad.topics.scores"), (String) defaults.get("streamad.topics.anomalies"),
                (String) defaults.get("streamad.topics.dead-letters"), (String) defaults.get("streamad.topics.labels"), "models");
        Resource models = Manifests.find(resources, "KafkaTopic", "models").orElseThrow();
        assertThat((Integer) at(models.body(), "spec", "partitions")).isEqualTo(1);
        assertThat((String) at(models.body(), "spec", "config", "cleanup.policy")).isEqualTo("compact");
        assertThat((Integer) at(models.body(), "spec", "config", "max.message.bytes")).isEqualTo(2 * 1024 * 1024);
        long deadLetterRetention = ((Number) at(topic("dead-letters"), "spec", "config", "retention.ms")).longValue();
        long inputRetention = ((Number) at(topic("sensor-readings"), "spec", "config", "retention.ms")).longValue();
        assertThat(deadLetterRetention).isGreaterThan(inputRetention);
    }

    @Test
    void shouldPlaceTopicsAndNodesInTheOneKafkaClusterWithEnoughBrokers() {
        String cluster = Manifests.ofKind(resources, "Kafka").get(0).name();
        int brokers = Manifests.ofKind(resources, "KafkaNodePool").stream()
                .filter(pool -> ((List<?>) at(pool.body(), "spec", "roles")).contains("broker"))
                .mapToInt(pool -> at(pool.body(), "spec", "replicas")).sum();
        Stream.concat(Manifests.ofKind(resources, "KafkaTopic").stream(), Manifests.ofKind(resources, "KafkaNodePool").stream())
                .forEach(r -> assertThat((String) at(r.body(), "metadata", "labels", "strimzi.io/cluster"))
                        .as(r.toString()).isEqualTo(cluster));
        Manifests.ofKind(resources, "KafkaTopic").forEach(t -> assertThat((Integer) at(t.body(), "spec", "replicas"))
                .as(t.toString()).isLessThanOrEqualTo(brokers));
        String bootstrap = (String) at(Manifests.find(resources, "ConfigMap", "streamad-shared").orElseThrow().body(),
                "data", "KAFKA_BOOTSTRAP_SERVERS");
        List<Map<String, Object>> listeners = at(Manifests.ofKind(resources, "Kafka").get(0).body(), "spec", "kafka", "listeners");
        assertThat(listeners.stream().filter(l -> Boolean.FALSE.equals(l.get("tls")))
                .map(l -> cluster + "-kafka-bootstrap:" + l.get("port"))).contains(bootstrap);
    }

    @Test
    void shouldScaleTheDetectorOnItsOwnLagAndNoFurtherThanItsInputPartitions() {
        Resource hpa = Manifests.ofKind(resources, "HorizontalPodAutoscaler").get(0);
        Resource keda = Manifests.load(DeployFiles.K8S.resolve("optional/keda-scaledobject.yaml")).get(0);
        int partitions = Math.min(at(topic("sensor-readings"), "spec", "partitions"), at(topic("card-transactions"), "spec", "partitions"));
        String applicationId = (String) defaults.get("kafka.streams.default.application.id");

        assertThat((String) at(hpa.body(), "spec", "scaleTargetRef", "kind")).isEqualTo("StatefulSet");
        assertThat(Manifests.find(resources, "StatefulSet", at(hpa.body(), "spec", "scaleTargetRef", "name"))).isPresent();
        assertThat((Integer) at(hpa.body(), "spec", "maxReplicas")).isLessThanOrEqualTo(partitions);
        assertThat((Integer) at(hpa.body(), "spec", "minReplicas")).isGreaterThanOrEqualTo(2);
        assertThat((String) at(hpa.body(), "spec", "metrics", 0, "external", "metric", "selector", "matchLabels", "consumergroup"))
                .isEqualTo(applicationId);
        assertThat((String) at(keda.body(), "apiVersion")).isEqualTo("keda.sh/v1alpha1");
        assertThat((String) at(keda.body(), "spec", "triggers", 0, "type")).isEqualTo("kafka");
        assertThat((String) at(keda.body(), "spec", "triggers", 0, "metadata", "consumerGroup")).isEqualTo(applicationId);
        assertThat((Integer) at(keda.body(), "spec", "maxReplicaCount")).isLessThanOrEqualTo(partitions);
        assertThat((String) at(keda.body(), "spec", "scaleTargetRef", "name")).isEqualTo(at(hpa.body(), "spec", "scaleTargetRef", "name"));
    }

    @Test
    void shouldAnswerReadinessWithinTheProbesTimeoutWhenKafkaIsAway() {
        // the Kafka health check waits health-timeout for the cluster; a probe that times out first learns nothing
        Map<String, Map<String, Object>> services = Map.of(
                "streamad-detector", defaults, "streamad-trainer", DeployFiles.trainerDefaults());
        services.forEach((name, settings) -> {
            Resource workload = Stream.of("StatefulSet", "Deployment")
                    .flatMap(kind -> Manifests.find(resources, kind, name).stream()).findFirst().orElseThrow();
            Map<String, Object> container = at(workload.body(), "spec", "template", "spec", "containers", 0);
            int probeTimeout = at(container, "readinessProbe", "timeoutSeconds");
            String healthTimeout = (String) settings.get("kafka.health-timeout");

            assertThat(healthTimeout).as(name + ": kafka.health-timeout").matches("[0-9]+s");
            assertThat(Integer.parseInt(healthTimeout.replace("s", ""))).as(name).isLessThan(probeTimeout);
            assertThat((String) at(container, "livenessProbe", "httpGet", "path")).as(name).isEqualTo("/health/liveness");
        });
    }

    @Test
    void shouldSelectEveryServicesPodsAndNameTheirPorts() {
        List<Resource> workloads = Stream.concat(Manifests.ofKind(resources, "StatefulSet").stream(),
                Manifests.ofKind(resources, "Deployment").stream()).toList();
        for (Resource service : Manifests.ofKind(resources, "Service")) {
            Map<String, Object> selector = at(service.body(), "spec", "selector");
            Resource workload = workloads.stream().filter(w -> ((Map<String, Object>) at(w.body(), "spec", "template", "metadata", "labels"))
                    .entrySet().containsAll(selector.entrySet())).findFirst().orElseThrow(() -> new AssertionError(service + " selects no pods"));
            List<String> portNames = containerPortNames(workload);
            List<Map<String, Object>> ports = at(service.body(), "spec", "ports");
            ports.forEach(p -> assertThat(portNames).as(service.toString()).contains(String.valueOf(p.get("targetPort"))));
        }
        Resource detector = Manifests.find(resources, "StatefulSet", "streamad-detector").orElseThrow();
        assertThat(Manifests.find(resources, "Service", at(detector.body(), "spec", "serviceName")))
                .hasValueSatisfying(s -> assertThat((String) at(s.body(), "spec", "clusterIP")).isEqualTo("None"));
    }

    @Test
    void shouldReferOnlyToConfigMapsDefinedHereAndSecretsTheReadmeSaysToCreate() {
        String readme = DeployFiles.read(DeployFiles.DEPLOY.resolve("README.md"));
        for (Resource workload : Stream.concat(Manifests.ofKind(resources, "StatefulSet").stream(),
                Manifests.ofKind(resources, "Deployment").stream()).toList()) {
            for (Map<String, Object> container : containers(workload)) {
                List<Map<String, Object>> envFrom = container.getOrDefault("envFrom", List.of()) instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
                envFrom.forEach(e -> assertThat(Manifests.find(resources, "ConfigMap", at(e, "configMapRef", "name")))
                        .as(workload.toString()).isPresent());
                List<Map<String, Object>> env = container.getOrDefault("env", List.of()) instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
                env.stream().map(e -> (String) at(e, "valueFrom", "secretKeyRef", "name")).filter(java.util.Objects::nonNull)
                        .forEach(secret -> assertThat(readme).as(workload + " needs Secret " + secret)
                                .contains("create secret generic " + secret));
            }
        }
    }

    @Test
    void shouldGiveTheDetectorAPersistentStateDirectoryAndStandbyReplicas() {
        Resource detector = Manifests.find(resources, "StatefulSet", "streamad-detector").orElseThrow();
        String stateDir = DeployFiles.read(DeployFiles.DOCKER.resolve("detector.Dockerfile"))
                .replaceAll("(?s).*--kafka\\.streams\\.default\\.state\\.dir=(/[^\"]+)\".*", "$1");
        String claim = at(detector.body(), "spec", "volumeClaimTemplates", 0, "metadata", "name");
        List<Map<String, Object>> mounts = at(containers(detector).get(0), "volumeMounts");
        assertThat(mounts).anySatisfy(m -> {
            assertThat(m.get("name")).isEqualTo(claim);
            assertThat(stateDir).startsWith((String) m.get("mountPath"));
        });
        assertThat((List<String>) at(containers(detector).get(0), "args")).contains("--kafka.streams.default.num.standby.replicas=1");
        assertThat((Integer) at(detector.body(), "spec", "replicas")).isGreaterThanOrEqualTo(2);
        Resource trainer = Manifests.find(resources, "Deployment", "streamad-trainer").orElseThrow();
        assertThat((Integer) at(trainer.body(), "spec", "replicas")).isEqualTo(1);
        assertThat((String) at(trainer.body(), "spec", "strategy", "type")).isEqualTo("Recreate");
    }

    @Test
    void shouldUseOnlyDocumentedSettingsAndTheImagesTheKustomizationNames() {
        List<String> images = ((List<Map<String, Object>>) at(Manifests.kustomization(), "images")).stream()
                .map(i -> (String) i.get("name")).toList();
        for (Resource workload : Stream.concat(Manifests.ofKind(resources, "StatefulSet").stream(),
                Manifests.ofKind(resources, "Deployment").stream()).toList()) {
            for (Map<String, Object> container : containers(workload)) {
                assertThat(images).contains(((String) container.get("image")).split(":")[0]);
                assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/liveness");
                assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/readiness");
                List<Map<String, Object>> env = container.getOrDefault("env", List.of()) instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
                env.forEach(e -> assertThat(DeployFiles.documentedKeys()).contains(DeployFiles.keyOf((String) e.get("name"))));
            }
        }
        Map<String, String> shared = at(Manifests.find(resources, "ConfigMap", "streamad-shared").orElseThrow().body(), "data");
        shared.keySet().forEach(name -> assertThat(DeployFiles.documentedKeys()).contains(DeployFiles.keyOf(name)));
    }

    private Map<String, Object> topic(String name) {
        return Manifests.find(resources, "KafkaTopic", name).orElseThrow().body();
    }

    private static List<Map<String, Object>> containers(Resource workload) {
        return at(workload.body(), "spec", "template", "spec", "containers");
    }

    private static List<String> containerPortNames(Resource workload) {
        return containers(workload).stream().flatMap(c -> ((List<Map<String, Object>>) c.get("ports")).stream())
                .map(p -> (String) p.get("name")).toList();
    }
}
