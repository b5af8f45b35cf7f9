package dev.devbox.domain;

/**
 * A conditional write lost: the project was not in the expected state and
 * generation. Usually another invocation got there first.
 */
public final class ConcurrentUpdateException extends DevboxException {
    public ConcurrentUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
