package dev.devbox.control;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the control plane needs of the stack beyond the pipeline's settings: the boxes' security
 * group, the launch template and subnets every box is started with, the key its volumes are
 * encrypted with (null: the account's default EBS key), the public parameter naming a new
 * project's image, and how long to wait between looks for a box after a failed RunInstances.
 */
public record ControlSettings(String securityGroupId, String launchTemplateId, List<String> subnetIds,
                              String ebsKmsKeyId, String baseImageParameter, Duration lookPause) {
    /** Canonical's public parameter for the current Ubuntu 24.04 LTS amd64 gp3 AMI. */
    public static final String UBUNTU_PARAMETER =
            "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";

    public ControlSettings {
        Objects.requireNonNull(securityGroupId, "securityGroupId");
        subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
        ebsKmsKeyId = ebsKmsKeyId == null || ebsKmsKeyId.isBlank() ? null : ebsKmsKeyId;
        baseImageParameter = baseImageParameter == null || baseImageParameter.isBlank() ? UBUNTU_PARAMETER
                : baseImageParameter;
        lookPause = lookPause == null ? Duration.ofSeconds(1) : lookPause;
    }

    /** Subnet ids as a stack output or environment variable lists them: comma-separated. */
    public static List<String> subnets(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
