/**
 * Configuration both services read: the feature settings (detector and trainer must agree on them),
 * the trainer's own settings, and the Kafka client settings passed through under {@code kafka.*}.
 */
package io.streamad.trainer.config;
