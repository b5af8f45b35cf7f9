package dev.devbox.cli.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code Host devbox-PROJECT} entry. The host key is pinned to an alias, not the address:
 * a relaunched box restores its own host keys from the project AMI but gets a new address.
 */
public record SshHost(String alias, String hostName, String user, String identityFile) {

    public List<String> configLines() {
        List<String> lines = new ArrayList<>();
        lines.add("Host " + alias);
        lines.add("  HostName " + hostName);
        lines.add("  User " + user);
        if (identityFile != null) {
            lines.add("  IdentityFile " + identityFile);
            lines.add("  IdentitiesOnly yes");
        }
        lines.add("  HostKeyAlias " + alias);
        lines.add("  StrictHostKeyChecking accept-new");
        return lines;
    }
}
