package dev.devbox.domain;

import java.util.Objects;

/**
 * One EBS volume of a box as the AMI must reproduce it. {@code iops},
 * {@code throughput} and {@code kmsKeyId} are null when the volume type has none.
 */
public record VolumeMapping(
        String deviceName,
        String volumeId,
        String volumeType,
        int sizeGiB,
        Integer iops,
        Integer throughput,
        boolean encrypted,
        String kmsKeyId) {
    public VolumeMapping {
        Objects.requireNonNull(deviceName, "deviceName");
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(volumeType, "volumeType");
        if (sizeGiB <= 0) {
            throw new IllegalArgumentException("sizeGiB must be positive: " + sizeGiB);
        }
    }
}
