/**
 * The trainer service: keeps a bounded sample of recent normal rows per model family from the scores
 * topic, retrains on a schedule or after enough new data, judges each candidate against the current
 * model, and publishes the accepted ones to the compacted models topic.
 */
package io.streamad.trainer.service;
