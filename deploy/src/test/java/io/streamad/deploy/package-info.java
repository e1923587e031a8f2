/** Offline checks of deploy/: the Dockerfiles' rules, the Kubernetes manifests against the API models, the compose file. */
package io.streamad.deploy;
