package dev.devbox.cli.error;

import dev.devbox.cli.ExitCode;

/** An unknown project or box. */
public final class NotFoundException extends DevboxException {
    public NotFoundException(String message) {
        super(ExitCode.NOT_FOUND, message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(ExitCode.NOT_FOUND, message, cause);
    }
}
