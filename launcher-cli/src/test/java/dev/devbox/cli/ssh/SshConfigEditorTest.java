package dev.devbox.cli.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.error.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshConfigEditorTest {
    static final String USER_CONFIG = """
            # my own settings
            Host work
              HostName work.example.org
              User me

            Host *
              ServerAliveInterval 30
            """;
    static final List<SshHost> ONE = List.of(new SshHost("devbox-api", "203.0.113.7", "ubuntu", "/home/me/.ssh/id_ed25519"));
    static final List<SshHost> TWO = List.of(
            new SshHost("devbox-api", "203.0.113.8", "ubuntu", null),
            new SshHost("devbox-web", "203.0.113.9", "ubuntu", null));

    @Test
    void adds_a_block_at_the_end_and_keeps_every_user_line() {
        String after = SshConfigEditor.apply(USER_CONFIG, "devbox", ONE);
        assertTrue(after.startsWith(USER_CONFIG), after);
        assertTrue(after.contains("Host devbox-api\n  HostName 203.0.113.7\n  User ubuntu\n"), after);
        assertTrue(after.endsWith(SshConfigEditor.endMarker("devbox") + "\n"), after);
    }

    @Test
    void applying_twice_changes_nothing() {
        String once = SshConfigEditor.apply(USER_CONFIG, "devbox", ONE);
        assertEquals(once, SshConfigEditor.apply(once, "devbox", ONE));
    }

    @Test
    void replaces_only_the_block_when_hosts_change() {
        String withBlockInMiddle = SshConfigEditor.apply("Host a\n  User x\n", "devbox", ONE) + "Host z\n  User y\n";
        String after = SshConfigEditor.apply(withBlockInMiddle, "devbox", TWO);
        assertTrue(after.startsWith("Host a\n  User x\n"), after);
        assertTrue(after.endsWith("Host z\n  User y\n"), after);
        assertFalse(after.contains("203.0.113.7"), after);
        assertTrue(after.contains("devbox-web"), after);
        assertEquals(after.indexOf(SshConfigEditor.beginMarker("devbox")),
                after.lastIndexOf(SshConfigEditor.beginMarker("devbox")), "one block");
    }

    @Test
    void removing_restores_the_users_file_byte_for_byte() {
        String added = SshConfigEditor.apply(USER_CONFIG, "devbox", ONE);
        String removed = SshConfigEditor.apply(added, "devbox", List.of());
        assertEquals(USER_CONFIG + "\n", removed, "only the separating blank line added with the block remains");
        assertEquals(removed, SshConfigEditor.apply(removed, "devbox", List.of()));
    }

    @Test
    void with_no_hosts_and_no_block_nothing_changes() {
        assertEquals(USER_CONFIG, SshConfigEditor.apply(USER_CONFIG, "devbox", List.of()));
        assertEquals("", SshConfigEditor.apply("", "devbox", List.of()));
    }

    @Test
    void each_stack_has_its_own_block() {
        String both = SshConfigEditor.apply(SshConfigEditor.apply(USER_CONFIG, "devbox", ONE), "team", TWO);
        String updated = SshConfigEditor.apply(both, "devbox", List.of());
        assertTrue(updated.contains(SshConfigEditor.beginMarker("team")), updated);
        assertFalse(updated.contains(SshConfigEditor.beginMarker("devbox")), updated);
        assertTrue(updated.contains("devbox-web"), updated);
    }

    @Test
    void keeps_windows_line_endings() {
        String crlf = "Host a\r\n  User x\r\n";
        String after = SshConfigEditor.apply(crlf, "devbox", ONE);
        assertTrue(after.startsWith(crlf));
        assertFalse(after.replace("\r\n", "").contains("\n"), "every added line ends in CRLF");
    }

    @Test
    void a_file_without_a_trailing_newline_gets_one_before_the_block() {
        String after = SshConfigEditor.apply("Host a\n  User x", "devbox", ONE);
        assertTrue(after.startsWith("Host a\n  User x\n\n# >>> devbox"), after);
    }

    @Test
    void a_lone_marker_is_refused_rather_than_guessed_at() {
        String broken = USER_CONFIG + SshConfigEditor.beginMarker("devbox") + "\nHost devbox-x\n";
        assertThrows(ConfigurationException.class, () -> SshConfigEditor.apply(broken, "devbox", ONE));
    }

    @Test
    void host_entries_pin_the_host_key_to_the_alias() {
        List<String> lines = ONE.get(0).configLines();
        assertTrue(lines.contains("  HostKeyAlias devbox-api"));
        assertTrue(lines.contains("  IdentityFile /home/me/.ssh/id_ed25519"));
        assertTrue(lines.contains("  IdentitiesOnly yes"));
    }
}
