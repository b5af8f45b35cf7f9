package dev.devbox.cli.aws;

import dev.devbox.cli.error.ConfigurationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Finds the deployment from its stack name alone: one DescribeStacks, outputs by key. The same
 * code reads the real stack and the one `devbox local` bootstraps in the emulator.
 */
public final class StackLocator {
    static final List<String> REQUIRED = List.of("TableName", "LaunchTemplateId", "SecurityGroupId", "SubnetIds");

    private final CloudFormationClient cloudFormation;

    public StackLocator(CloudFormationClient cloudFormation) {
        this.cloudFormation = cloudFormation;
    }

    public StackOutputs locate(String stackName, String region) {
        Stack stack;
        try {
            List<Stack> stacks = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks();
            if (stacks.isEmpty()) {
                throw missing(stackName, region);
            }
            stack = stacks.get(0);
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                throw missing(stackName, region);
            }
            throw e;
        }
        String status = stack.stackStatusAsString();
        if (status != null && (status.startsWith("DELETE_") || status.equals("ROLLBACK_COMPLETE")
                || status.equals("CREATE_FAILED") || status.equals("CREATE_IN_PROGRESS"))) {
            throw new ConfigurationException("Stack '" + stackName + "' in " + region + " is " + status
                    + ": it cannot be used until 'sam deploy' has completed successfully.");
        }
        Map<String, String> outputs = new HashMap<>();
        for (Output o : stack.outputs()) {
            outputs.put(o.outputKey(), o.outputValue());
        }
        for (String key : REQUIRED) {
            if (outputs.get(key) == null || outputs.get(key).isBlank()) {
                throw new ConfigurationException("Stack '" + stackName + "' has no output '" + key
                        + "': is it a devbox stack? Redeploy it with 'sam deploy', or pass the right --stack.");
            }
        }
        return new StackOutputs(stackName, outputs.get("ControlUrl"));
    }

    private static ConfigurationException missing(String stackName, String region) {
        return new ConfigurationException("No devbox stack named '" + stackName + "' in " + region
                + ": deploy it once with 'sam build && sam deploy --guided', or pass --stack/--region"
                + " (for a local try-out, run 'devbox local' or 'devbox demo').");
    }
}
