package io.streamad.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Kubernetes resources that deploy/k8s/kustomization.yaml puts together. */
final class Manifests {

    /** One resource, and the file it is in. */
    record Resource(Path file, Map<String, Object> body) {

        String apiVersion() {
            return DeployFiles.at(body, "apiVersion");
        }

        String kind() {
            return DeployFiles.at(body, "kind");
        }

        String name() {
            return DeployFiles.at(body, "metadata", "name");
        }

        /** apiVersion and kind, e.g. apps/v1/StatefulSet. */
        String kindKey() {
            return apiVersion() + "/" + kind();
        }

        @Override
        public String toString() {
            return DeployFiles.K8S.relativize(file) + " " + kind() + " " + name();
        }
    }

    private Manifests() {
    }

    static Map<String, Object> kustomization() {
        return DeployFiles.yamlDocuments(DeployFiles.K8S.resolve("kustomization.yaml")).get(0);
    }

    static List<String> kustomizedFiles() {
        return DeployFiles.at(kustomization(), "resources");
    }

    static List<Resource> kustomized() {
        List<Resource> resources = new ArrayList<>();
        for (String file : kustomizedFiles()) {
            resources.addAll(load(DeployFiles.K8S.resolve(file)));
        }
        return resources;
    }

    static List<Resource> load(Path file) {
        return DeployFiles.yamlDocuments(file).stream().map(body -> new Resource(file, body)).toList();
    }

    static List<Resource> ofKind(List<Resource> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(r.kind())).toList();
    }

    static Optional<Resource> find(List<Resource> resources, String kind, String name) {
        return ofKind(resources, kind).stream().filter(r -> name.equals(r.name())).findFirst();
    }
}
