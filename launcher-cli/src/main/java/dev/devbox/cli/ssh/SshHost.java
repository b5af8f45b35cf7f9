package dev.devbox.cli.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code Host devbox-PROJECT} entry. The host key is pinned to an alias, not the address:
 * a relaunched box restores its own host keys from the project AMI but gets a new address.
 */
public record SshHost(String alias, String hostName, String user, String identityFile, String proxyCommand) {

    /** A box ssh reaches directly at {@code hostName}. */
    public SshHost(String alias, String hostName, String user, String identityFile) {
        this(alias, hostName, user, identityFile, null);
    }

    public List<String> configLines() {
        List<String> lines = new ArrayList<>();
        lines.add("Host " + alias);
        if (hostName != null) {
            lines.add("  HostName " + hostName); // a saved project's entry has none: its ProxyCommand starts the box
        }
        lines.add("  User " + user);
        if (identityFile != null) {
            lines.add("  IdentityFile " + identityFile);
            lines.add("  IdentitiesOnly yes");
        }
        if (proxyCommand != null) {
            // A private box, through the stack's endpoint: AWS ends the tunnel within the hour, and
            // keep-alives make ssh notice a dead tunnel instead of hanging.
            lines.add("  ProxyCommand " + proxyCommand);
            lines.add("  ServerAliveInterval 30");
        }
        lines.add("  HostKeyAlias " + alias);
        lines.add("  StrictHostKeyChecking accept-new");
        return lines;
    }
}
