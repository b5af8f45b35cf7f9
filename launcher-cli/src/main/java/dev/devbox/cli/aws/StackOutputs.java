package dev.devbox.cli.aws;

import dev.devbox.domain.policy.AdminPolicy;
import java.util.List;
import java.util.Objects;

/**
 * What the CLI needs from the devbox stack, read from its CloudFormation outputs.
 * {@code baseImageParameter} (optional output BaseImageParameter) names the SSM parameter holding
 * a new project's AMI; without it, Canonical's Ubuntu 24.04 parameter. The local emulator's stack
 * sets it because moto refuses to store parameters under the reserved /aws/ prefix.
 * {@code ebsKmsKeyId} (optional output EbsKmsKeyId, null without it) is the customer managed key
 * the boxes' volumes are encrypted with; without it, the account's default EBS key.
 * {@code policy} is the team rules, from the outputs named as {@link AdminPolicy#SETTINGS}.
 * {@code controlUrl} (output ControlUrl, null for a stack deployed before the control plane) is
 * the control plane's function URL, which ends boxes and deletes projects for the caller.
 */
public record StackOutputs(
        String stackName,
        String tableName,
        String launchTemplateId,
        String launchTemplateName,
        String securityGroupId,
        List<String> subnetIds,
        String vpcId,
        String eventBusName,
        String baseImageParameter,
        String ebsKmsKeyId,
        AdminPolicy policy,
        String controlUrl) {

    /** Canonical's public parameter for the current Ubuntu 24.04 LTS amd64 gp3 AMI. */
    public static final String UBUNTU_PARAMETER =
            "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id";

    public StackOutputs {
        subnetIds = List.copyOf(subnetIds);
        Objects.requireNonNull(policy, "policy");
        if (baseImageParameter == null || baseImageParameter.isBlank()) {
            baseImageParameter = UBUNTU_PARAMETER;
        }
        if (ebsKmsKeyId != null && ebsKmsKeyId.isBlank()) {
            ebsKmsKeyId = null;
        }
        if (controlUrl != null && controlUrl.isBlank()) {
            controlUrl = null;
        }
    }
}
