package dev.devbox.cli.error;

import dev.devbox.cli.ExitCode;

/** The user declined a confirmation. */
public final class AbortedException extends DevboxException {
    public AbortedException(String message) {
        super(ExitCode.ABORTED, message);
    }

    public AbortedException(String message, Throwable cause) {
        super(ExitCode.ABORTED, message, cause);
    }
}
