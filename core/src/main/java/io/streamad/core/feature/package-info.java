/**
 * Per-key windowed features: a record plus its key's recent window become one feature vector.
 * The detector and the trainer both call these classes, so the vectors are the same by construction.
 */
package io.streamad.core.feature;
