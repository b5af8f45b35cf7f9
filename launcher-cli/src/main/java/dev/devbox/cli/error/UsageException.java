package dev.devbox.cli.error;

import dev.devbox.cli.ExitCode;

/** Bad usage that picocli's own parser cannot see (for example a shrinking --volume-size). */
public final class UsageException extends DevboxException {
    public UsageException(String message) {
        super(ExitCode.USAGE, message);
    }

    public UsageException(String message, Throwable cause) {
        super(ExitCode.USAGE, message, cause);
    }
}
