package dev.devbox.domain;

import java.util.Objects;

/** One launch-to-READY cycle of a project: what an event's resource id resolves to. */
public record CycleRef(ProjectName project, long generation) {
    public CycleRef {
        Objects.requireNonNull(project, "project");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be >= 1: " + generation);
        }
    }

    @Override
    public String toString() {
        return project + "/g" + generation;
    }
}
