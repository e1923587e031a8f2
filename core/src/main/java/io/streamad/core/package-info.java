/**
 * What training and serving must compute identically: feature extraction, normalisation, the
 * reconstruction-error formula, the adaptive threshold and the model manifest. Nothing here knows
 * about Micronaut, the Kafka Streams runtime or TensorFlow.
 */
package io.streamad.core;
