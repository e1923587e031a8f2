/**
 * How well detections match labels: the Numenta Anomaly Benchmark score with its cost profiles, and
 * point-wise and event-level metrics. Pure arithmetic over arrays, shared by the evaluation command and
 * its tests.
 */
package io.streamad.core.evaluation;
