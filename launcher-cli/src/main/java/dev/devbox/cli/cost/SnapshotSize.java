package dev.devbox.cli.cost;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One snapshot of a project: its id, the size of the volume it was taken from (what
 * DescribeSnapshots reports as VolumeSize) and, when known, the bytes it actually stores.
 */
public record SnapshotSize(String snapshotId, long volumeSizeGiB, OptionalLong storedBytes) {
    public SnapshotSize {
        Objects.requireNonNull(snapshotId, "snapshotId");
        Objects.requireNonNull(storedBytes, "storedBytes");
        if (volumeSizeGiB < 0) {
            throw new IllegalArgumentException("volumeSizeGiB must not be negative: " + volumeSizeGiB);
        }
        if (storedBytes.isPresent() && storedBytes.getAsLong() < 0) {
            throw new IllegalArgumentException("storedBytes must not be negative: " + storedBytes.getAsLong());
        }
    }

    /** A snapshot of which only the source volume's size is known. */
    public static SnapshotSize ofVolume(String snapshotId, long volumeSizeGiB) {
        return new SnapshotSize(snapshotId, volumeSizeGiB, OptionalLong.empty());
    }

    /** The same snapshot with a measured stored size (e.g. from billing or EBS direct APIs). */
    public SnapshotSize withStoredBytes(long bytes) {
        return new SnapshotSize(snapshotId, volumeSizeGiB, OptionalLong.of(bytes));
    }
}
