package dev.devbox.domain;

/** A programming error: a move the state machine does not allow. */
public final class IllegalTransitionException extends DevboxException {
    public IllegalTransitionException(ProjectState from, ProjectState to) {
        super("illegal project transition " + from + " -> " + to);
    }
}
