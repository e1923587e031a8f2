/**
 * The {@code evaluate} command: replays labelled data through the real scoring topology, with the
 * trainer's retraining loop simulated in event time, and measures what it detects (NAB score,
 * point-wise and event-level metrics) into a console table, a JSON report, per-record CSVs and plots.
 */
package io.streamad.detector.evaluation;
