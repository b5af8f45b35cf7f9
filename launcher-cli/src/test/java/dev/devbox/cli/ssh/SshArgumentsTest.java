package dev.devbox.cli.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SshArgumentsTest {
    private static void assertSplit(List<String> args, List<String> options, List<String> command) {
        SshArguments split = SshArguments.split(args);
        assertEquals(options, split.options(), "options of " + args);
        assertEquals(command, split.command(), "command of " + args);
    }

    @Test
    void options_with_a_separate_value_keep_it_even_when_it_looks_like_a_command() {
        assertSplit(List.of("-L", "8080:localhost:8080", "-N"), List.of("-L", "8080:localhost:8080", "-N"), List.of());
        assertSplit(List.of("-o", "ServerAliveInterval=30", "-p", "22"),
                List.of("-o", "ServerAliveInterval=30", "-p", "22"), List.of());
        assertSplit(List.of("-i", "key", "ls"), List.of("-i", "key"), List.of("ls"));
    }

    @Test
    void a_cluster_ending_in_a_value_letter_takes_the_next_argument_and_an_attached_value_does_not() {
        assertSplit(List.of("-NL", "8080:localhost:8080", "uptime"), List.of("-NL", "8080:localhost:8080"),
                List.of("uptime"));
        assertSplit(List.of("-L8080:localhost:8080", "uptime"), List.of("-L8080:localhost:8080"), List.of("uptime"));
        assertSplit(List.of("-vvt", "htop"), List.of("-vvt"), List.of("htop"));
    }

    @Test
    void the_first_word_that_is_not_an_option_starts_the_command_and_keeps_its_own_dashes() {
        assertSplit(List.of("-t", "ls", "-la", "/tmp"), List.of("-t"), List.of("ls", "-la", "/tmp"));
        assertSplit(List.of("uptime"), List.of(), List.of("uptime"));
        assertSplit(List.of("-A", "--", "-weird-command"), List.of("-A"), List.of("-weird-command"));
        assertSplit(List.of("-", "x"), List.of(), List.of("-", "x"));
        assertSplit(List.of(), List.of(), List.of());
    }
}
