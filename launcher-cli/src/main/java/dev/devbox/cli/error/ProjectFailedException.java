package dev.devbox.cli.error;

import dev.devbox.cli.ExitCode;

/** The pipeline marked the project FAILED. */
public final class ProjectFailedException extends DevboxException {
    public ProjectFailedException(String message) {
        super(ExitCode.PROJECT_FAILED, message);
    }

    public ProjectFailedException(String message, Throwable cause) {
        super(ExitCode.PROJECT_FAILED, message, cause);
    }
}
