package io.streamad.core.artifact;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelArtifactTest {

    @TempDir
    Path dir;

    private Path model() throws Exception {
        Path m = Files.createDirectories(dir.resolve("m"));
        Files.createDirectories(m.resolve("variables"));
        byte[] weights = new byte[5000];
        new Random(1).nextBytes(weights);
        Files.write(m.resolve("variables/variables.data-00000-of-00001"), weights);
        Files.writeString(m.resolve("manifest.json"), "{\"version\":\"v1\"}");
        Files.writeString(m.resolve("saved_model.pb"), "graph");
        return m;
    }

    @Test
    void shouldTravelAsChunksAndComeBackIdentical() throws Exception {
        ModelArtifact artifact = ModelArtifact.pack(model());
        List<ProducerRecord<String, byte[]>> records = ModelRecords.publish("models", "sensor", "v1", artifact, "{}", 1024);
        ModelCatalog catalog = new ModelCatalog();
        records.forEach(r -> catalog.apply(ModelRecords.parse(r.key(), r.value())));
        catalog.apply(ModelRecords.parse("current/sensor",
                ModelRecords.point("models", new CurrentModel("sensor", "v1", "trained", java.time.Instant.EPOCH)).value()));

        assertThat(records).hasSizeGreaterThan(3);
        assertThat(records.get(0).key()).isEqualTo("chunk/sensor/v1/0");
        assertThat(records.get(records.size() - 1).key()).isEqualTo("model/sensor/v1");
        assertThat(catalog.current("sensor")).get().extracting(CurrentModel::version).isEqualTo("v1");
        ModelArtifact back = catalog.artifact(catalog.release("sensor", "v1").orElseThrow()).orElseThrow();
        back.unpackTo(dir.resolve("out"));
        assertThat(dir.resolve("out/variables/variables.data-00000-of-00001")).hasSameBinaryContentAs(
                dir.resolve("m/variables/variables.data-00000-of-00001"));
        assertThat(dir.resolve("out/manifest.json")).hasContent("{\"version\":\"v1\"}");
    }

    @Test
    void shouldWaitForEveryChunkAndForgetRemovedVersions() throws Exception {
        ModelArtifact artifact = ModelArtifact.pack(model());
        List<ProducerRecord<String, byte[]>> records = ModelRecords.publish("models", "sensor", "v1", artifact, "{}", 1024);
        ModelCatalog catalog = new ModelCatalog();
        catalog.apply(ModelRecords.parse(records.get(records.size() - 1).key(), records.get(records.size() - 1).value()));
        ModelRelease release = catalog.release("sensor", "v1").orElseThrow();

        assertThat(catalog.artifact(release)).isEmpty();

        records.forEach(r -> catalog.apply(ModelRecords.parse(r.key(), r.value())));
        assertThat(catalog.artifact(release)).isPresent();
        ModelRecords.remove("models", release).forEach(r -> catalog.apply(ModelRecords.parse(r.key(), r.value())));
        assertThat(catalog.releases("sensor")).isEmpty();
    }

    @Test
    void shouldRefuseBytesThatDoNotMatchTheirChecksum() throws Exception {
        ModelArtifact artifact = ModelArtifact.pack(model());
        byte[] corrupt = artifact.bytes().clone();
        corrupt[corrupt.length / 2] ^= 0x5a;

        assertThatThrownBy(() -> new ModelArtifact(corrupt, artifact.sha256()).unpackTo(dir.resolve("x")))
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void shouldRefuseAnEntryThatEscapesItsDirectory() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("../evil"));
            zip.write(1);
            zip.closeEntry();
        }
        byte[] bytes = out.toByteArray();

        assertThatThrownBy(() -> new ModelArtifact(bytes, ModelArtifact.sha256(bytes)).unpackTo(dir.resolve("y")))
                .hasMessageContaining("escapes");
    }

    @Test
    void shouldNameARecordThatIsNotOurs() {
        assertThatThrownBy(() -> ModelRecords.parse("weird", new byte[1])).hasMessageContaining("'weird'");
        assertThatThrownBy(() -> ModelRecords.parse("model/sensor/v1", "{not json".getBytes()))
                .hasMessageContaining("'model/sensor/v1' is malformed");
    }
}
