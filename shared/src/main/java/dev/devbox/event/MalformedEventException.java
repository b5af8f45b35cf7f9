package dev.devbox.event;

import dev.devbox.domain.DevboxException;

/** An event that cannot be read or lacks a field devbox needs: permanent, so it is logged and acknowledged. */
public final class MalformedEventException extends DevboxException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
