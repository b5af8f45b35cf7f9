package dev.devbox.cli.aws;

import java.util.List;

/** What the CLI needs from the devbox stack, read from its CloudFormation outputs. */
public record StackOutputs(
        String stackName,
        String tableName,
        String launchTemplateId,
        String launchTemplateName,
        String securityGroupId,
        List<String> subnetIds,
        String vpcId,
        String eventBusName) {

    public StackOutputs {
        subnetIds = List.copyOf(subnetIds);
    }
}
