package dev.devbox.cli.error;

import dev.devbox.cli.ExitCode;

/** Waiting gave up before the awaited state. */
public final class WaitTimeoutException extends DevboxException {
    public WaitTimeoutException(String message) {
        super(ExitCode.TIMEOUT, message);
    }

    public WaitTimeoutException(String message, Throwable cause) {
        super(ExitCode.TIMEOUT, message, cause);
    }
}
