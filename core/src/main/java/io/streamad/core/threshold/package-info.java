/**
 * The adaptive per-key threshold: learned online from each key's own recent scores, with the
 * model's calibrated global threshold as the fallback for keys too new to have one.
 */
package io.streamad.core.threshold;
