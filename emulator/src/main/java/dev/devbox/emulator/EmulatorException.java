package dev.devbox.emulator;

/** The local emulator could not be installed, started or reset; the message says what to do. */
public final class EmulatorException extends RuntimeException {
    public EmulatorException(String message) {
        super(message);
    }

    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
