/**
 * The embedded default: with no {@code kafka.bootstrap.servers} configured, a real single-node KRaft
 * broker in this JVM, a replay of a labelled NAB series and simulated card transactions, an initial
 * training on the first stretch of data, and a console report of what the detector finds.
 */
package io.streamad.detector.embedded;
