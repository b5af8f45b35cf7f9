package dev.devbox.cli.project;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a reconnecting ssh (`devbox proxy --wake`, from `devbox ssh-config --wake`) may start a
 * saved project's box. Not one whose box ended in the last five minutes: an editor reconnecting
 * on its own would otherwise undo the terminate the user just asked for. The record keeps when it
 * entered its current state, which is never before its box ended, so a project saved (or saving)
 * for less than five minutes is refused: it may refuse a box that ended a little earlier, never
 * start one that ended later.
 */
public final class WakeRule {
    static final Duration RECENT = Duration.ofMinutes(5);

    private WakeRule() {
    }

    /** What is said instead of starting the box, or empty when a reconnect may start it. */
    public static Optional<String> refusal(Project project, Instant now) {
        String name = project.name().value();
        String yourself = "run 'devbox launch " + name + "' to start it yourself, then 'devbox ssh " + name + "'.";
        if (project.state().inFlight() && project.state() != ProjectState.LAUNCHING
                && project.state() != ProjectState.RUNNING) {
            return Optional.of("'" + name + "' is being saved (" + project.state() + "): a reconnecting ssh does"
                    + " not start it again; once 'devbox wait " + name + "' says READY, " + yourself);
        }
        if (project.state() == ProjectState.FAILED) {
            return Optional.of("'" + name + "' is FAILED: a reconnecting ssh does not start it; 'devbox status "
                    + name + "' says what to run.");
        }
        if (project.state() == ProjectState.READY && project.stateSince().isAfter(now.minus(RECENT))) {
            return Optional.of("The box of '" + name + "' ended less than five minutes ago: a reconnecting ssh"
                    + " does not start it again; " + yourself);
        }
        return Optional.empty();
    }
}
