package dev.devbox.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.devbox.domain.ProjectState.FAILED;
import static dev.devbox.domain.ProjectState.IMAGING;
import static dev.devbox.domain.ProjectState.LAUNCHING;
import static dev.devbox.domain.ProjectState.READY;
import static dev.devbox.domain.ProjectState.RUNNING;
import static dev.devbox.domain.ProjectState.SNAPSHOTTING;

/**
 * The project state machine as pure functions. Stores turn these rules into
 * conditional writes (expected state + generation); nothing here does I/O.
 */
public final class Lifecycle {
    private static final Map<ProjectState, Set<ProjectState>> NEXT = Map.of(
            LAUNCHING, EnumSet.of(RUNNING, FAILED),
            RUNNING, EnumSet.of(SNAPSHOTTING, FAILED),
            SNAPSHOTTING, EnumSet.of(IMAGING, FAILED),
            IMAGING, EnumSet.of(READY, FAILED),
            READY, EnumSet.of(LAUNCHING),
            FAILED, EnumSet.of(LAUNCHING, SNAPSHOTTING, IMAGING));

    private Lifecycle() {
    }

    public static boolean allowed(ProjectState from, ProjectState to) {
        return NEXT.get(from).contains(to);
    }

    /** Throws unless {@code from -> to} is a legal move. */
    public static void require(ProjectState from, ProjectState to) {
        if (!allowed(from, to)) {
            throw new IllegalTransitionException(from, to);
        }
    }

    /** The generation a launch claim gives: a new project starts at 1. */
    public static long nextGeneration(Project current) {
        if (current == null) {
            return 1;
        }
        if (!current.state().launchable()) {
            throw new ProjectBusyException(current.name(), current.state());
        }
        return current.generation() + 1;
    }
}
