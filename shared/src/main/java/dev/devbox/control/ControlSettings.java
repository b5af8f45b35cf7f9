package dev.devbox.control;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the control plane needs of the stack beyond the pipeline's settings: the boxes' security
 * group, the launch template and subnets every box is started with, the key its volumes are
 * encrypted with (null: the account's default EBS key), the public parameters naming a new
 * project's image (amd64, arm64), how long to wait between looks for a box after a failed
 * RunInstances, the launch template's instance type (null: not known, its architecture is not
 * judged) and Canonical's account in this partition.
 */
public record ControlSettings(String securityGroupId, String launchTemplateId, List<String> subnetIds,
                              String ebsKmsKeyId, String baseImageParameter, Duration lookPause,
                              String armImageParameter, String defaultInstanceType, String canonicalOwner) {
    /** Canonical's public parameter for the current Ubuntu 24.04 LTS amd64 gp3 AMI. */
    public static final String UBUNTU_PARAMETER =
            "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";
    /** The same for arm64 (Graviton). */
    public static final String UBUNTU_ARM64_PARAMETER =
            "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id";
    /** Canonical's account in the aws partition; GovCloud and China have their own. */
    public static final String CANONICAL = "099720109477";
    private static final String CANONICAL_GOVCLOUD = "513442679011";
    private static final String CANONICAL_CHINA = "837727238323";

    public ControlSettings {
        Objects.requireNonNull(securityGroupId, "securityGroupId");
        subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
        ebsKmsKeyId = ebsKmsKeyId == null || ebsKmsKeyId.isBlank() ? null : ebsKmsKeyId;
        baseImageParameter = baseImageParameter == null || baseImageParameter.isBlank() ? UBUNTU_PARAMETER
                : baseImageParameter;
        lookPause = lookPause == null ? Duration.ofSeconds(1) : lookPause;
        armImageParameter = armImageParameter == null || armImageParameter.isBlank() ? UBUNTU_ARM64_PARAMETER
                : armImageParameter;
        defaultInstanceType = defaultInstanceType == null || defaultInstanceType.isBlank() ? null
                : defaultInstanceType.strip();
        canonicalOwner = canonicalOwner == null || canonicalOwner.isBlank() ? CANONICAL : canonicalOwner;
    }

    /** The settings before Graviton: Canonical's arm64 parameter, no known default type, the aws partition. */
    public ControlSettings(String securityGroupId, String launchTemplateId, List<String> subnetIds,
                           String ebsKmsKeyId, String baseImageParameter, Duration lookPause) {
        this(securityGroupId, launchTemplateId, subnetIds, ebsKmsKeyId, baseImageParameter, lookPause, null, null,
                null);
    }

    /** The parameter naming Ubuntu 24.04 for {@code architecture} (EC2's name: x86_64 or arm64). */
    public String imageParameter(String architecture) {
        return dev.devbox.domain.Architecture.ARM64.equals(architecture) ? armImageParameter : baseImageParameter;
    }

    /** Canonical's account in the partition of {@code region} (us-gov-*: GovCloud, cn-*: China). */
    public static String canonicalOwner(String region) {
        if (region == null) {
            return CANONICAL;
        }
        return region.startsWith("us-gov-") ? CANONICAL_GOVCLOUD : region.startsWith("cn-") ? CANONICAL_CHINA
                : CANONICAL;
    }

    /** Subnet ids as a stack output or environment variable lists them: comma-separated. */
    public static List<String> subnets(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
