package dev.devbox.control;

import java.util.List;

/**
 * One request to the control plane, as the CLI sends it (a JSON object with these fields).
 *
 * @param action  what to do: {@link ControlService#ACTIONS}
 * @param project the project it is done to
 * @param owner   the owner an admin acts for ({@code --owner}), or null for the caller's own
 * @param cidr    for {@code ssh}: the range asked for ({@code --ssh-cidr}), or null for the caller's own address
 * @param generation for {@code launched} and {@code release}: the cycle the claim opened
 * @param instanceId for {@code launched}: the box RunInstances started for that cycle
 * @param reason  for {@code release}: why the launch failed, as the FAILED record keeps it
 * @param instanceType for {@code claim}: the type asked for ({@code --instance-type}), or null for the stack's
 * @param volumeSizes for {@code claim}: the size in GiB of every volume the box will have
 */
public record ControlRequest(String action, String project, String owner, String cidr, Long generation,
                             String instanceId, String reason, String instanceType, List<Integer> volumeSizes) {

    /** A request with only the fields every action has (and the range {@code ssh} takes). */
    public ControlRequest(String action, String project, String owner, String cidr) {
        this(action, project, owner, cidr, null, null, null, null, null);
    }
}
