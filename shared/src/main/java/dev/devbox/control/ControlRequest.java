package dev.devbox.control;

import dev.devbox.control.launch.LaunchAsk;

/**
 * One request to the control plane, as the CLI sends it (a JSON object with these fields).
 *
 * @param action  what to do: {@link ControlService#ACTIONS}
 * @param project the project it is done to
 * @param owner   the owner an admin acts for ({@code --owner}), or null for the caller's own
 * @param cidr    for {@code ssh} and {@code launch}: the range asked for ({@code --ssh-cidr}), or null for the
 *                caller's own address
 * @param launch  for {@code launch}: what the developer asks of the box
 * @param all     for {@code list}: every developer's projects (admins only)
 */
public record ControlRequest(String action, String project, String owner, String cidr, LaunchAsk launch,
                             Boolean all) {

    /** A request with only the fields every action has (and the range {@code ssh} takes). */
    public ControlRequest(String action, String project, String owner, String cidr) {
        this(action, project, owner, cidr, null, null);
    }

    /** A launch request. */
    public ControlRequest(String action, String project, String owner, String cidr, LaunchAsk launch) {
        this(action, project, owner, cidr, launch, null);
    }
}
