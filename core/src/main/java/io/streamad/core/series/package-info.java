/** Reading time series from CSV into sensor readings, for replays, training and evaluation. */
package io.streamad.core.series;
