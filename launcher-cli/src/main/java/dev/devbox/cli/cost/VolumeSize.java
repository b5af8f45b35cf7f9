package dev.devbox.cli.cost;

import java.util.Objects;

/** An EBS volume of a running box: its type ({@code gp3}, {@code gp2}) and provisioned size. */
public record VolumeSize(String volumeType, long sizeGiB) {
    public VolumeSize {
        Objects.requireNonNull(volumeType, "volumeType");
        if (sizeGiB < 0) {
            throw new IllegalArgumentException("sizeGiB must not be negative: " + sizeGiB);
        }
    }
}
