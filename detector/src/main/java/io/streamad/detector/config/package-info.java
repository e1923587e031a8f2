/**
 * The detector's configuration under {@code streamad.*}: bound and validated at start-up, so a bad
 * value stops the service with a message naming the key.
 */
package io.streamad.detector.config;
