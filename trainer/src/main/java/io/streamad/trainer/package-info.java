/** The trainer: fits the autoencoder in TensorFlow-Java and publishes SavedModels with their manifests. */
package io.streamad.trainer;
