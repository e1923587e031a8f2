# syntax=docker/dockerfile:1
# The trainer service, GPU build: TensorFlow 2.18 with CUDA, so training runs on the GPU when one is
# found. Build context: the repository root, after
# `mvn -B -Pgpu -DskipTests package` (target/lib then holds tensorflow-core-native's linux-x86_64-gpu jar):
#   docker build -f deploy/docker/trainer-gpu.Dockerfile -t streamad-trainer:0.1.0-gpu .
# TensorFlow 2.18 is built against CUDA 12.5 and cuDNN 9: the base is NVIDIA's CUDA 12.5 runtime with
# cuDNN 9 on Ubuntu 22.04 (glibc 2.35; TensorFlow needs 2.34 or newer). The node needs an NVIDIA driver
# for CUDA 12.5 (>= 555) and the NVIDIA container toolkit; without a GPU TensorFlow logs so and uses the CPU.

FROM eclipse-temurin:17-jdk-jammy AS warmup
WORKDIR /src
COPY deploy/docker/NativeWarmup.java .
RUN javac --release 17 -d /out NativeWarmup.java

# The JRE comes from Temurin's image of the same Ubuntu release.
FROM eclipse-temurin:17-jre-jammy AS jre

FROM nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04
ENV JAVA_HOME=/opt/java/openjdk \
    LANG=C.UTF-8
ENV PATH="${JAVA_HOME}/bin:${PATH}"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/streamad streamad \
    && mkdir -p /var/lib/streamad/trainer \
    && chown -R 10001:10001 /var/lib/streamad
WORKDIR /opt/streamad
COPY trainer/target/lib/ lib/
COPY trainer/target/streamad-trainer.jar streamad-trainer.jar
COPY --from=warmup /out/NativeWarmup.class warmup/

ENV TF_CPP_MIN_LOG_LEVEL=2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.cachedir=/opt/javacpp"
# Only the GPU build belongs here; the build host has no GPU, so TensorFlow loads (and is cached) on the CPU path.
RUN if ! ls lib/tensorflow-core-native-*-linux-x86_64-gpu.jar >/dev/null 2>&1; then \
        echo "trainer/target/lib lacks the GPU build: run mvn -B -Pgpu -DskipTests package first" >&2; \
        exit 1; \
    fi \
    && java -cp "lib/*:warmup" NativeWarmup

USER 10001:10001
EXPOSE 8081
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD curl -fsS http://127.0.0.1:8081/health/liveness || exit 1
# The trainer's scratch directory goes in as an argument; arguments given to `docker run` (or a pod's
# args) follow it. Run one trainer per cluster: a second with the same transactional id fences the first.
ENTRYPOINT ["java", "-jar", "/opt/streamad/streamad-trainer.jar", \
            "--streamad.trainer.work-dir=/var/lib/streamad/trainer"]
