package dev.devbox.cli.aws;

/**
 * What the CLI needs from the devbox stack, read from its CloudFormation outputs: the control
 * plane's function URL (output ControlUrl; null for a stack deployed before the control plane),
 * which does everything else. The stack's other resources are the control plane's business.
 */
public record StackOutputs(String stackName, String controlUrl) {

    public StackOutputs {
        if (controlUrl != null && controlUrl.isBlank()) {
            controlUrl = null;
        }
    }
}
