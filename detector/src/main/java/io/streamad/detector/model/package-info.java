/**
 * Serving models: loading a SavedModel with its manifest and refusing it when they disagree, batched
 * inference, and the per-family slot that swaps models atomically between batches.
 */
package io.streamad.detector.model;
