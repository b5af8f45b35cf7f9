package dev.devbox.domain;

/** Progress of one volume's snapshot within a cycle. */
public enum SnapshotState {
    NONE,
    PENDING,
    COMPLETED,
    FAILED
}
