package io.streamad.trainer.config;

/** Start-up cannot go on; the message is the one line an operator needs (it names the setting to fix). */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
