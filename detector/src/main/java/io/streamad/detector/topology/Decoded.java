package io.streamad.detector.topology;

/** An input record after decoding: a usable value, or the original bytes bound for the dead-letter topic. */
sealed interface Decoded<R> permits Decoded.Valid, Decoded.Invalid {

    record Valid<R>(R value) implements Decoded<R> {
    }

    /** The original key and value bytes; the reason travels in the record's headers. */
    record Invalid<R>(byte[] key, byte[] value) implements Decoded<R> {
    }
}
