/**
 * Models as Kafka records: a model directory packed into one checksummed artifact, cut into chunks
 * that fit any broker's message size, and the record keys of the compacted models topic.
 */
package io.streamad.core.artifact;
