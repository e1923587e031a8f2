package io.streamad.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.streamad.deploy.DeployFiles.at;
import static org.assertj.core.api.Assertions.assertThat;

/** deploy/docker-compose.yml, structurally: what `docker compose config` would catch, and a bit more. */
class ComposeFileTest {

    private final Map<String, Object> compose = DeployFiles.yamlDocuments(DeployFiles.DEPLOY.resolve("docker-compose.yml")).get(0);
    private final Map<String, Map<String, Object>> services = at(compose, "services");

    @Test
    void shouldRunAThreeNodeKraftQuorumWithEveryNodeAVoter() {
        List<String> brokers = services.keySet().stream().filter(s -> s.startsWith("kafka-")).toList();
        assertThat(brokers).hasSize(3);
        for (String broker : brokers) {
            Map<String, Object> env = at(services.get(broker), "environment");
            assertThat(String.valueOf(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")))
                    .contains(env.get("KAFKA_NODE_ID") + "@" + broker + ":9093");
            assertThat((String) at(services.get(broker), "image")).matches("apache/kafka:4\\.1\\.\\d+");
            assertThat(Integer.parseInt((String) env.get("KAFKA_DEFAULT_REPLICATION_FACTOR"))).isLessThanOrEqualTo(brokers.size());
        }
    }

    @Test
    void shouldDependOnServicesThatExistAndBuildFromDockerfilesThatExist() {
        services.forEach((name, service) -> {
            Map<String, Object> dependsOn = at(service, "depends_on");
            if (dependsOn != null) {
                assertThat(services.keySet()).as(name).containsAll(dependsOn.keySet());
            }
            String dockerfile = at(service, "build", "dockerfile");
            if (dockerfile != null) {
                assertThat(DeployFiles.DEPLOY.resolve((String) at(service, "build", "context")).resolve(dockerfile))
                        .as(name).satisfies(path -> assertThat(Files.isRegularFile(path)).isTrue());
            }
            List<?> volumes = at(service, "volumes");
            if (volumes != null) {
                volumes.forEach(v -> assertThat(((Map<String, Object>) compose.get("volumes")).keySet())
                        .contains(v.toString().split(":")[0]));
            }
        });
    }

    @Test
    void shouldConfigureStreamadWithDocumentedKeysAndTheBrokersOfThisFile() {
        for (String name : List.of("detector-1", "detector-2", "trainer")) {
            Map<String, Object> env = at(services.get(name), "environment");
            env.keySet().forEach(key -> assertThat(DeployFiles.documentedKeys()).as(name).contains(DeployFiles.keyOf(key)));
            Arrays.stream(String.valueOf(env.get("KAFKA_BOOTSTRAP_SERVERS")).split(","))
                    .forEach(server -> assertThat(services).as(name).containsKey(server.split(":")[0]));
        }
        assertThat(String.valueOf((Object) at(services.get("detector-1"), "environment", "STREAMAD_TOPICS_REPLICATION_FACTOR"))).isEqualTo("3");
    }
}
