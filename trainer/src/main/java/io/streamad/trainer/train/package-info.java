/**
 * Training in TensorFlow-Java graph mode: the autoencoder graph, the training loop with early
 * stopping, threshold calibration on held-out rows, and export as a SavedModel plus manifest.
 */
package io.streamad.trainer.train;
