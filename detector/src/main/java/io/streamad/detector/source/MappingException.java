package io.streamad.detector.source;

/** A source record that cannot become a sensor reading; the message is the dead-letter reason. */
public final class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
