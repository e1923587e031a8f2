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
ENV TF_CPP_MIN_LOG_LEVEL=2 \
    STREAMAD_MODELS_DIR=/var/lib/streamad/models \
    KAFKA_STREAMS_DEFAULT_STATE_DIR=/var/lib/streamad/kafka-streams \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dorg.bytedeco.javacpp.cachedir=/var/lib/streamad/javacpp"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/streamad/streamad-detector.jar"]
