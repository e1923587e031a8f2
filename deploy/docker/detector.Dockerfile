# syntax=docker/dockerfile:1
# The detector, CPU build. Build context: the repository root, after `mvn -B -DskipTests package`:
#   docker build -f deploy/docker/detector.Dockerfile -t streamad-detector:0.1.0 .
# TensorFlow's native library needs glibc >= 2.34, so the base is Ubuntu 22.04 "jammy" (glibc 2.35),
# not Alpine (musl).

# Compiles the warm-up class that fills the JavaCPP cache (the runtime image has no javac).
FROM eclipse-temurin:17-jdk-jammy AS warmup
WORKDIR /src
COPY deploy/docker/NativeWarmup.java .
RUN javac --release 17 -d /out NativeWarmup.java

FROM eclipse-temurin:17-jre-jammy
# curl for HEALTHCHECK; the user owns only /var/lib/streamad (mount a volume there).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /var/lib/streamad streamad \
    && mkdir -p /var/lib/streamad/models /var/lib/streamad/kafka-streams \
    && chown -R 10001:10001 /var/lib/streamad
WORKDIR /opt/streamad
COPY detector/target/lib/ lib/
COPY detector/target/streamad-detector.jar streamad-detector.jar
COPY --from=warmup /out/NativeWarmup.class warmup/

# Heap at half the container's memory: RocksDB and TensorFlow allocate outside the Java heap.
# JavaCPP unpacks native libraries into its cache directory; it is filled below, at build time.
ENV TF_CPP_MIN_LOG_LEVEL=2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Dorg.bytedeco.javacpp.cachedir=/opt/javacpp"
# A GPU build's target/lib (mvn -Pgpu) in the CPU image is refused, then TensorFlow is loaded once.
RUN if ls lib/tensorflow-core-native-*-gpu.jar >/dev/null 2>&1; then \
        echo "detector/target/lib holds the GPU build (mvn -Pgpu): use detector-gpu.Dockerfile or rebuild without -Pgpu" >&2; \
        exit 1; \
    fi \
    && java -cp "lib/*:warmup" NativeWarmup

USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD curl -fsS http://127.0.0.1:8080/health/liveness || exit 1
# State paths go in as arguments, not KAFKA_STREAMS_* variables: Micronaut reads such variables as
# possible stream names too. Arguments given to `docker run` (or a pod's args) follow these.
ENTRYPOINT ["java", "-jar", "/opt/streamad/streamad-detector.jar", \
            "--kafka.streams.default.state.dir=/var/lib/streamad/kafka-streams", \
            "--streamad.models.dir=/var/lib/streamad/models"]
