package dev.devbox.domain.policy;

import dev.devbox.domain.DevboxException;

/** The stack's admin policy does not allow the request; nothing was changed. */
public final class PolicyRefusedException extends DevboxException {
    public PolicyRefusedException(String message) {
        super(message);
    }
}
