package dev.devbox.domain;

import java.time.Instant;
import java.util.List;

/** A project AMI recorded on READY and kept for rollback until retention removes it. */
public record RetainedImage(long generation, String imageId, List<String> snapshotIds, Instant recordedAt) {
    public RetainedImage {
        snapshotIds = List.copyOf(snapshotIds);
    }
}
