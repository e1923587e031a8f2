/** The detector service: Micronaut wiring of configuration, models and the Kafka Streams topology. */
package io.streamad.detector;
