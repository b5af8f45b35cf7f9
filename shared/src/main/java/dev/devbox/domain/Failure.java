package dev.devbox.domain;

import java.util.Objects;

/** Why a project went to FAILED, and in which stage. */
public record Failure(ProjectState stage, String reason) {
    public Failure {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
    }
}
