package io.streamad.detector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.streamad.avro.StreamKind;
import io.streamad.core.artifact.CurrentModel;
import io.streamad.core.artifact.ModelRelease;
import io.streamad.core.model.ManifestCodec;
import io.streamad.core.model.ModelManifest;
import io.streamad.detector.model.ModelOperations;
import io.streamad.detector.model.ModelRegistry;
import io.streamad.detector.model.ModelSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /models}: what each family serves and why, the kept versions, and the operator actions that
 * switch every detector instance (pin a version, roll back one, resume automatic updates). The actions
 * need the {@code kafka} model source, and the operator's credentials (HTTP basic or bearer token, from
 * {@code streamad.security.operator.*}; see {@link io.streamad.detector.security.OperatorAccess}); reads are open.
 */
@Controller("/models")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelController {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final ModelRegistry registry;
    private final ModelOperations operations;

    public ModelController(ModelRegistry registry, ModelSource source) {
        this.registry = registry;
        this.operations = source.operations().orElse(null);
    }

    @Get
    public HttpResponse<String> all() {
        ArrayNode families = JSON.createArrayNode();
        for (StreamKind kind : StreamKind.values()) {
            families.add(family(registry.schema(kind).kind(), kind));
        }
        return ok(JSON.createObjectNode().set("families", families));
    }

    @Get("/{family}")
    public HttpResponse<String> one(String family) {
        return registry.kind(family).map(kind -> ok(family(family, kind))).orElse(notFound(family));
    }

    @Get("/{family}/versions")
    public HttpResponse<String> versions(String family) {
        if (registry.kind(family).isEmpty()) {
            return notFound(family);
        }
        if (operations == null) {
            return error(HttpResponse.status(io.micronaut.http.HttpStatus.CONFLICT), "version history needs streamad.models.source=kafka");
        }
        ObjectNode out = family(family, registry.kind(family).get());
        ArrayNode versions = out.putArray("versions");
        for (ModelRelease release : operations.history(family)) {
            ObjectNode v = versions.addObject();
            v.put("version", release.version());
            v.put("publishedAt", release.publishedAt().toString());
            v.put("bytes", release.bytes());
            v.put("chunks", release.chunks());
            v.put("sha256", release.sha256());
            ModelManifest m = ManifestCodec.fromJson(release.manifest());
            v.put("trainingRows", m.training().rows());
            v.put("validationLoss", m.training().validationLoss());
            v.put("globalThreshold", m.calibration().threshold());
            v.put("source", m.training().source());
        }
        return ok(out);
    }

    /** Body: {@code {"version": "<version>"}}. */
    @Post("/{family}/pin")
    public HttpResponse<String> pin(String family, @Body Map<String, String> body) {
        return act(family, () -> operations.pin(family, body.getOrDefault("version", "")));
    }

    @Post("/{family}/rollback")
    public HttpResponse<String> rollback(String family) {
        return act(family, () -> operations.rollback(family));
    }

    @Post("/{family}/resume")
    public HttpResponse<String> resume(String family) {
        return act(family, () -> operations.resume(family));
    }

    private HttpResponse<String> act(String family, java.util.function.Supplier<CurrentModel> action) {
        if (registry.kind(family).isEmpty()) {
            return notFound(family);
        }
        if (operations == null) {
            return error(HttpResponse.status(io.micronaut.http.HttpStatus.CONFLICT), "pin and rollback need streamad.models.source=kafka");
        }
        try {
            return HttpResponse.accepted().body(JSON.writeValueAsString(action.get()));
        } catch (IllegalArgumentException e) {
            return error(HttpResponse.badRequest(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode family(String family, StreamKind kind) {
        ObjectNode node = JSON.createObjectNode();
        node.put("family", family);
        node.put("kind", kind.name());
        Optional<ModelManifest> serving = registry.slot(kind).manifest();
        node.put("serving", serving.map(ModelManifest::version).orElse(null));
        Optional<CurrentModel> current = operations == null ? Optional.empty() : operations.current(family);
        node.set("current", current.map(c -> (JsonNode) JSON.valueToTree(c)).orElse(null));
        node.set("manifest", serving.map(m -> tree(ManifestCodec.toJson(m))).orElse(null));
        return node;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> ok(JsonNode body) {
        return HttpResponse.ok(body.toString());
    }

    private static HttpResponse<String> notFound(String family) {
        return error(HttpResponse.notFound(), "no model family '" + family + "'");
    }

    private static HttpResponse<String> error(io.micronaut.http.MutableHttpResponse<String> response, String message) {
        return response.body(JSON.createObjectNode().put("error", message).toString());
    }
}
