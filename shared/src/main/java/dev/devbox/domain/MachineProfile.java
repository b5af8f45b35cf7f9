package dev.devbox.domain;

import java.util.Objects;

/** The instance-level half of a box's mapping, needed to register a bootable AMI. */
public record MachineProfile(String architecture, String rootDeviceName, boolean enaSupport, String bootMode) {
    public MachineProfile {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(rootDeviceName, "rootDeviceName");
    }
}
