package dev.devbox.domain;

import java.util.Objects;

/** A volume of one cycle together with the progress of its snapshot. {@code snapshotId} is null until created. */
public record CycleVolume(VolumeMapping mapping, String snapshotId, SnapshotState snapshotState, int snapshotAttempts) {
    public CycleVolume {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(snapshotState, "snapshotState");
    }

    public String deviceName() {
        return mapping.deviceName();
    }

    public boolean needsSnapshot() {
        return snapshotState == SnapshotState.NONE;
    }
}
