package dev.devbox.cli.error;

/**
 * A failure the user can act on: its message is one sentence saying what is wrong and what to
 * do, printed alone on stderr; its exit code is one of {@link dev.devbox.cli.ExitCode}.
 */
public class DevboxException extends RuntimeException {
    private final int exitCode;

    public DevboxException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public DevboxException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
