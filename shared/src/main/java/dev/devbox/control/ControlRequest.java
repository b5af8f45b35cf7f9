package dev.devbox.control;

/**
 * One request to the control plane, as the CLI sends it (a JSON object with these fields).
 *
 * @param action  what to do: {@link ControlService#ACTIONS}
 * @param project the project it is done to
 * @param owner   the owner an admin acts for ({@code --owner}), or null for the caller's own
 * @param cidr    for {@code ssh}: the range asked for ({@code --ssh-cidr}), or null for the caller's own address
 */
public record ControlRequest(String action, String project, String owner, String cidr) {
}
