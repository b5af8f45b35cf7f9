package dev.devbox.cli.error;

import dev.devbox.cli.ExitCode;

/** The project's state forbids the request now (a box runs, a launch is under way). */
public final class ConflictException extends DevboxException {
    public ConflictException(String message) {
        super(ExitCode.CONFLICT, message);
    }

    public ConflictException(String message, Throwable cause) {
        super(ExitCode.CONFLICT, message, cause);
    }
}
