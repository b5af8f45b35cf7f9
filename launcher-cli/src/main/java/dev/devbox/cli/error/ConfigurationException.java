package dev.devbox.cli.error;

import dev.devbox.cli.ExitCode;

/** Missing stack, credentials or region, or an emulator that is not running. */
public final class ConfigurationException extends DevboxException {
    public ConfigurationException(String message) {
        super(ExitCode.CONFIGURATION, message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(ExitCode.CONFIGURATION, message, cause);
    }
}
