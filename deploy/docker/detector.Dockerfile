# The detector, CPU build. Build context: the repository root, after `mvn -DskipTests package`:
#   docker build -f deploy/docker/detector.Dockerfile -t streamad-detector .
# TensorFlow's native library needs glibc >= 2.34, so the base is Ubuntu 22.04 (not Alpine/musl).
FROM eclipse-temurin:17-jre-jammy

RUN useradd --system --uid 10001 --home-dir /var/lib/streamad streamad \
    && mkdir -p /var/lib/streamad/models /var/lib/streamad/kafka-streams \
    && chown -R streamad /var/lib/streamad
WORKDIR /opt/streamad
COPY detector/target/lib/ lib/
COPY detector/target/streamad-detector.jar streamad-detector.jar

USER streamad
# State paths go in as arguments, not KAFKA_STREAMS_* variables: Micronaut reads such variables as
# possible stream names too. Add your own arguments after these.
ENV TF_CPP_MIN_LOG_LEVEL=2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dorg.bytedeco.javacpp.cachedir=/var/lib/streamad/javacpp"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/streamad/streamad-detector.jar", \
            "--kafka.streams.default.state.dir=/var/lib/streamad/kafka-streams", \
            "--streamad.models.dir=/var/lib/streamad/models"]
