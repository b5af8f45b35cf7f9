package dev.devbox.cli.ssh;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProxyCommandLineTest {
    @Test
    void runsDevboxProxyWithTheOptionsThatChoseTheStackQuotedForTheShell() {
        assertEquals("devbox proxy web", ProxyCommandLine.of(List.of(), "web"));
        assertEquals("devbox --stack team-a --profile 'my profile' proxy web",
                ProxyCommandLine.of(List.of("--stack", "team-a", "--profile", "my profile"), "web"));
        assertEquals("devbox --profile 'it'\\''s' proxy web", ProxyCommandLine.of(List.of("--profile", "it's"), "web"));
        assertEquals("devbox --stack team-a proxy --wake web", ProxyCommandLine.of(List.of("--stack", "team-a"), "--wake",
                "web"));
    }

    @Test
    void aPrivateBoxsEntryConnectsThroughTheProxyWithKeepAlives() {
        SshHost host = new SshHost("devbox-web", "10.0.0.5", "ubuntu", "/home/u/.ssh/id_ed25519", "devbox proxy web");
        assertEquals(List.of("Host devbox-web", "  HostName 10.0.0.5", "  User ubuntu",
                "  IdentityFile /home/u/.ssh/id_ed25519", "  IdentitiesOnly yes", "  ProxyCommand devbox proxy web",
                "  ServerAliveInterval 30", "  HostKeyAlias devbox-web", "  StrictHostKeyChecking accept-new"),
                host.configLines());
        assertEquals(List.of("Host devbox-api", "  HostName 203.0.113.9", "  User ubuntu", "  HostKeyAlias devbox-api",
                "  StrictHostKeyChecking accept-new"), new SshHost("devbox-api", "203.0.113.9", "ubuntu", null)
                .configLines());
        assertEquals(List.of("Host devbox-old", "  User ubuntu", "  ProxyCommand devbox proxy --wake old",
                "  ServerAliveInterval 30", "  HostKeyAlias devbox-old", "  StrictHostKeyChecking accept-new"),
                new SshHost("devbox-old", null, "ubuntu", null, "devbox proxy --wake old").configLines(),
                "a saved project's entry has no address: its ProxyCommand starts the box");
    }
}
