package io.streamad.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our own rules for the images, checked on the Dockerfiles' text (no Docker engine here to build them, and
 * hadolint does not install from the registries this project reaches; see deploy/README.md).
 */
class DockerfileRulesTest {

    /** glibc of the Ubuntu releases a base may be on; TensorFlow 2.18's native library needs 2.34. */
    private static final Map<String, Double> UBUNTU_GLIBC = Map.of("jammy", 2.35, "ubuntu22.04", 2.35, "noble", 2.39, "ubuntu24.04", 2.39);

    @ParameterizedTest
    @ValueSource(strings = {"detector.Dockerfile", "detector-gpu.Dockerfile", "trainer.Dockerfile", "trainer-gpu.Dockerfile"})
    void shouldFollowTheImageRules(String name) {
        List<String> lines = instructions(DeployFiles.read(DeployFiles.DOCKER.resolve(name)));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).map(l -> l.split("\\s+")[1]).toList();
        String base = from.get(from.size() - 1);
        List<String> finalStage = lines.subList(lastIndexOf(lines, "FROM "), lines.size());
        String service = name.startsWith("detector") ? "detector" : "trainer";

        assertThat(from).as("every FROM names a version, never latest").allSatisfy(image ->
                assertThat(image).matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest"));
        assertThat(UBUNTU_GLIBC.entrySet()).as("final base %s on an Ubuntu with glibc >= 2.34", base)
                .anySatisfy(e -> assertThat(base).contains(e.getKey()).satisfies(b -> assertThat(e.getValue()).isGreaterThanOrEqualTo(2.34)));
        assertThat(lines).as("no ADD (and so no ADD of URLs)").noneMatch(l -> l.startsWith("ADD "));
        assertThat(finalStage).as("runs as a non-root numeric user").anySatisfy(l ->
                assertThat(l).matches("USER [1-9][0-9]*(:[0-9]+)?"));
        assertThat(finalStage).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("/health/liveness"));
        assertThat(finalStage).as("JavaCPP cache directory and container-aware heap").anyMatch(l -> l.startsWith("ENV ")
                && l.contains("-Dorg.bytedeco.javacpp.cachedir=") && l.contains("-XX:MaxRAMPercentage="));
        assertThat(finalStage).as("JavaCPP cache filled at build time").anyMatch(l -> l.startsWith("RUN ") && l.contains("NativeWarmup"));
        assertThat(finalStage).allSatisfy(l -> {
            if (l.contains("apt-get install")) {
                assertThat(l).contains("--no-install-recommends").contains("rm -rf /var/lib/apt/lists/*");
            }
        });
        assertThat(finalStage).anyMatch(l -> l.equals("COPY " + service + "/target/lib/ lib/"));
        assertThat(finalStage).anyMatch(l -> l.startsWith("ENTRYPOINT [\"java\", \"-jar\", \"/opt/streamad/streamad-" + service + ".jar\""));
        assertThat(DeployFiles.read(DeployFiles.ROOT.resolve(service + "/pom.xml"))).contains("<finalName>streamad-" + service + "</finalName>");
        if (name.contains("gpu")) {
            // TensorFlow 2.18: CUDA 12 and cuDNN 9 (NVIDIA's "cudnn" tags from CUDA 12.4 on carry cuDNN 9).
            assertThat(base).startsWith("nvidia/cuda:12.").contains("-cudnn-runtime-");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"detector.Dockerfile", "detector-gpu.Dockerfile", "trainer.Dockerfile", "trainer-gpu.Dockerfile"})
    void shouldCopyOnlyWhatTheDockerignoreLetsThrough(String name) {
        String ignore = DeployFiles.read(DeployFiles.ROOT.resolve(".dockerignore"));
        instructions(DeployFiles.read(DeployFiles.DOCKER.resolve(name))).stream()
                .filter(l -> l.startsWith("COPY ") && !l.startsWith("COPY --from"))
                .map(l -> l.split("\\s+")[1])
                .forEach(source -> assertThat(ignore).as(name).contains("!" + source));
    }

    /** The instructions, continuation lines joined and comments dropped. */
    private static List<String> instructions(String dockerfile) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                result.add(current.append(trimmed).toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return result;
    }

    private static int lastIndexOf(List<String> lines, String prefix) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix);
    }

}
