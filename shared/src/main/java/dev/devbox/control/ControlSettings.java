package dev.devbox.control;

import java.util.Objects;

/** What the control plane needs of the stack beyond the pipeline's settings: the boxes' security group. */
public record ControlSettings(String securityGroupId) {
    public ControlSettings {
        Objects.requireNonNull(securityGroupId, "securityGroupId");
    }
}
