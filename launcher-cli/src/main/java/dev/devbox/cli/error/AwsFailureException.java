package dev.devbox.cli.error;

import dev.devbox.cli.ExitCode;

/** AWS refused or failed a request. */
public final class AwsFailureException extends DevboxException {
    public AwsFailureException(String message) {
        super(ExitCode.AWS, message);
    }

    public AwsFailureException(String message, Throwable cause) {
        super(ExitCode.AWS, message, cause);
    }
}
