package io.streamad.core.artifact;

import java.time.Instant;

/**
 * Which version of a family every detector should score with, and why it is that one.
 *
 * @param family  model family
 * @param version the version to serve
 * @param reason  {@code trained} (the trainer accepted it), {@code pinned} or {@code rollback} (an operator chose it)
 * @param at      when it was set
 */
public record CurrentModel(String family, String version, String reason, Instant at) {
}
