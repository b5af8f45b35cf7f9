package dev.devbox.control;

import dev.devbox.domain.DevboxException;

/** The control plane will not do what was asked, for the reason its message gives; nothing was changed. */
public final class ControlRefusal extends DevboxException {
    /** Why, as the CLI tells its exit code from it. */
    public enum Kind {
        BAD_REQUEST, NOT_FOUND, CONFLICT,
        /** EC2 refused or failed the request, in words that say what to do. */
        EC2
    }

    private final Kind kind;

    public ControlRefusal(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
