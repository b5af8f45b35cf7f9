package dev.devbox.domain;

/** A project name outside lowercase letters, digits and hyphens (1-40 chars, starting with a letter). */
public final class InvalidProjectNameException extends DevboxException {
    public InvalidProjectNameException(String value) {
        super("invalid project name '" + value
                + "': use 1-40 lowercase letters, digits or hyphens, starting with a letter");
    }
}
