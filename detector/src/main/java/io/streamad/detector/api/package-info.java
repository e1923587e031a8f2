/** The detector's HTTP API: which model serves each family, its history, and the operator's pin and rollback. */
package io.streamad.detector.api;
