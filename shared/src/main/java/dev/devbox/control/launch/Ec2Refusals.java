package dev.devbox.control.launch;

import dev.devbox.port.Ec2RefusedException;

/** A failed RunInstances in one sentence that says whose move it is (no final full stop: callers go on). */
final class Ec2Refusals {
    private Ec2Refusals() {
    }

    static String say(RuntimeException failure) {
        if (failure instanceof Ec2RefusedException e) {
            String code = e.code();
            if (code.contains("AccessDenied") || code.equals("UnauthorizedOperation")) {
                return "EC2 denied the control plane's role this launch (" + code + "): the stack's admin should"
                        + " update the stack ('sam build && sam deploy')";
            }
            if (code.equals("InsufficientInstanceCapacity") || code.equals("Unsupported")) {
                return "EC2 has no capacity for this instance type in the stack's subnets (" + code + "): try another"
                        + " --instance-type, or again later";
            }
            if (code.equals("InstanceLimitExceeded") || code.equals("VcpuLimitExceeded")) {
                return "The account's EC2 quota is used up (" + code + "): end a box, or ask the admin to raise"
                        + " the quota";
            }
            return "EC2 refused the launch: " + e.getMessage();
        }
        return "The launch failed: " + failure.getMessage();
    }
}
