package dev.devbox.domain;

/** Where a project is in its lifecycle; see {@link Lifecycle} for the allowed moves. */
public enum ProjectState {
    LAUNCHING,
    RUNNING,
    SNAPSHOTTING,
    IMAGING,
    READY,
    FAILED;

    /** States in which the pipeline (or the reconciler) still owes the project some work. */
    public boolean inFlight() {
        return this != READY && this != FAILED;
    }

    /** States from which a new launch may claim the project. */
    public boolean launchable() {
        return this == READY || this == FAILED;
    }
}
