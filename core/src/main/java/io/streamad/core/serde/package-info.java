/** Kafka serialisers for the Avro contract, in Avro's single-object encoding (no registry needed). */
package io.streamad.core.serde;
