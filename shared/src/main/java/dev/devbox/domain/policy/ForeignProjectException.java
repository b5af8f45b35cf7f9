package dev.devbox.domain.policy;

import dev.devbox.domain.DevboxException;

/** The project belongs to another developer and the caller may not act for them; nothing was changed. */
public final class ForeignProjectException extends DevboxException {
    public ForeignProjectException(String message) {
        super(message);
    }
}
