/**
 * The live dashboard: {@code /dashboard} (a static page) and {@code /api/live/*}, fed by a consumer that tails
 * the scores and anomalies topics into bounded memory and pushes them to browsers as server-sent events.
 * Read-only, so it is open like every other GET.
 */
package io.streamad.detector.dashboard;
