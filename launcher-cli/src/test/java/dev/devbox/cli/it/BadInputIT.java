package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.testing.WorldFingerprint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every command, given bad input, says what is wrong in one line, exits non-zero, and changes nothing. */
@ExtendWith(EmulatorExtension.class)
class BadInputIT {
    static final List<List<String>> PROJECT_COMMANDS = List.of(
            List.of("launch"), List.of("ssh"), List.of("terminate"), List.of("wait", "--timeout", "0"),
            List.of("status"), List.of("delete", "--yes"));

    @TempDir
    Path home;

    LocalWorld world;

    @BeforeEach
    void bootstrap(LocalAws aws) {
        world = new LocalWorld(aws, home);
        // one real project, so "nothing changed" covers a populated table too
        assertEquals(ExitCode.OK, world.cli.run("launch", "existing").exitCode());
    }

    private CliRunner.Result run(List<String> command, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(command.get(0)));
        args.addAll(List.of(more));
        args.addAll(command.subList(1, command.size()));
        return world.cli.run(args.toArray(String[]::new));
    }

    private void assertOneLineError(CliRunner.Result r, int exit, String expected) {
        assertEquals(exit, r.exitCode(), r::toString);
        assertTrue(r.err().contains(expected), () -> "expected '" + expected + "' in " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r);
    }

    @Test
    void invalid_names_are_refused_by_every_command() {
        String before = world.snapshotOfWorld();
        for (List<String> command : PROJECT_COMMANDS) {
            assertOneLineError(run(command, "Bad_Name"), ExitCode.USAGE, "invalid project name");
        }
        assertEquals(before, world.snapshotOfWorld());
    }

    @Test
    void unknown_projects_are_not_found_for_every_command_but_launch() {
        String before = world.snapshotOfWorld();
        for (List<String> command : PROJECT_COMMANDS) {
            if (command.get(0).equals("launch")) {
                continue;
            }
            assertOneLineError(run(command, "nosuch"), ExitCode.NOT_FOUND, "No project 'nosuch'");
        }
        assertEquals(before, world.snapshotOfWorld());
    }

    @Test
    void a_stack_deployed_before_the_control_plane_says_to_update_it_and_nothing_changes(LocalAws aws) {
        // An older stack: every output but ControlUrl.
        LocalStack.bootstrap(aws, "older");
        CliRunner older = world.cli.with("DEVBOX_STACK", "older");
        String before = WorldFingerprint.of(aws, LocalStack.tableName("older"));
        assertOneLineError(older.run("launch", "web"), ExitCode.CONFIGURATION,
                "Stack 'older' has no control plane (no output 'ControlUrl')");
        assertOneLineError(older.run("launch", "api", "--ssh-cidr", "198.51.100.7/32"), ExitCode.CONFIGURATION,
                "sam build && sam deploy");
        assertEquals(before, WorldFingerprint.of(aws, LocalStack.tableName("older")), "nothing changed");
    }

    @Test
    void a_missing_stack_is_a_setup_error_for_every_command() {
        String before = world.snapshotOfWorld();
        for (List<String> command : PROJECT_COMMANDS) {
            assertOneLineError(run(command, "existing", "--stack", "nosuch"), ExitCode.CONFIGURATION,
                    "No devbox stack named 'nosuch'");
        }
        assertOneLineError(world.cli.run("list", "--stack", "nosuch"), ExitCode.CONFIGURATION, "sam deploy");
        assertOneLineError(world.cli.run("ssh-config", "--stack", "nosuch"), ExitCode.CONFIGURATION, "nosuch");
        assertOneLineError(world.cli.with("DEVBOX_STACK", "fromenv").run("list"), ExitCode.CONFIGURATION,
                "No devbox stack named 'fromenv'");
        assertEquals(before, world.snapshotOfWorld());
    }

    @Test
    void bad_flags_are_usage_errors_for_every_command() {
        String before = world.snapshotOfWorld();
        for (List<String> command : PROJECT_COMMANDS) {
            assertOneLineError(run(command, "existing", "--no-such-flag"), ExitCode.USAGE, "Unknown option");
        }
        assertOneLineError(world.cli.run("list", "--bogus"), ExitCode.USAGE, "Unknown option");
        assertOneLineError(world.cli.run("launch", "other", "--volume-size", "4"), ExitCode.USAGE, "--volume-size");
        assertEquals(before, world.snapshotOfWorld());
    }

    @Test
    void state_conflicts_explain_what_to_run() {
        String before = world.snapshotOfWorld();
        assertOneLineError(world.cli.run("delete", "existing", "--yes"), ExitCode.CONFLICT, "devbox terminate existing");
        assertOneLineError(world.cli.run("launch", "existing"), ExitCode.CONFLICT, "devbox ssh existing");
        assertEquals(before, world.snapshotOfWorld());
    }

    @Test
    void delete_without_yes_and_without_an_answer_deletes_nothing() {
        // a READY-less project cannot be made here without the pipeline; the prompt comes after the state check
        CliRunner.Result r = world.cli.withStdin("").run("delete", "nosuch");
        assertEquals(ExitCode.NOT_FOUND, r.exitCode(), r::toString);
    }

    @Test
    void a_named_key_pair_that_does_not_exist_is_not_found_and_claims_nothing() {
        String before = world.snapshotOfWorld();
        assertOneLineError(world.cli.run("launch", "other", "--key", "nosuchkey"), ExitCode.NOT_FOUND,
                "No EC2 key pair named 'nosuchkey'");
        assertEquals(before, world.snapshotOfWorld());
    }
}
