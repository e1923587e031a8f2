package io.streamad.core.artifact;

import java.time.Instant;

/**
 * The record that completes a published model: its artifact's size, chunk count and digest, and its
 * manifest. Written after all its chunks, in the same transaction.
 *
 * @param family      model family
 * @param version     model version
 * @param sha256      digest of the whole artifact
 * @param chunks      how many chunk records hold it
 * @param bytes       artifact size
 * @param publishedAt when the trainer published it
 * @param manifest    the model's manifest.json, as text
 */
public record ModelRelease(String family, String version, String sha256, int chunks, long bytes, Instant publishedAt,
                           String manifest) {
}
