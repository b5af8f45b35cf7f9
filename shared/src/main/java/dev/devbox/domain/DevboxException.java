package dev.devbox.domain;

/** Root of devbox's own, typed, unchecked exceptions. */
public abstract class DevboxException extends RuntimeException {
    protected DevboxException(String message) {
        super(message);
    }

    protected DevboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
