package dev.devbox.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parts of the command line that need no AWS: help, version, parsing and exit codes. */
class DevboxCommandLineTest {
    static final List<String> COMMANDS = List.of("launch", "ssh", "ssh-config", "terminate", "wait", "list",
            "status", "delete", "local", "demo", "code");

    @TempDir
    Path home;

    CliRunner cli() {
        return CliRunner.offline(home);
    }

    @Test
    void version_prints_the_build_version_and_exits_zero() {
        CliRunner.Result r = cli().run("--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("devbox 0."), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void root_help_lists_every_command_and_the_exit_codes() {
        CliRunner.Result r = cli().run("--help");
        assertEquals(0, r.exitCode());
        assertAll(COMMANDS.stream().map(c -> () -> assertTrue(r.out().contains("  " + c), c)));
        assertTrue(r.out().contains("Exit codes:"));
        for (String[] row : ExitCode.HELP_TABLE) {
            assertTrue(r.out().contains(row[1]), row[1]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"launch", "ssh", "ssh-config", "terminate", "wait", "list", "status", "delete",
        "local", "demo", "code"})
    void every_command_has_help_with_an_example_and_the_exit_codes(String command) {
        CliRunner.Result r = cli().run(command, "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Usage: devbox " + command), r::toString);
        assertTrue(r.out().contains("Examples:"), r::toString);
        assertTrue(r.out().contains("  devbox " + command), r::toString);
        assertTrue(r.out().contains("Exit codes:"), r::toString);
        assertTrue(r.out().contains("--stack"), "global options are inherited: " + r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"launch", "ssh", "terminate", "wait", "status", "delete", "code"})
    void invalid_project_names_are_usage_errors_before_any_aws_call(String command) {
        for (String bad : List.of("MyProject", "9lives", "has_underscore", "-dash", "a".repeat(41), "", "x y")) {
            CliRunner.Result r = cli().run(command, "--", bad);
            assertEquals(ExitCode.USAGE, r.exitCode(), () -> bad + ": " + r);
            assertTrue(r.err().contains("invalid project name"), () -> bad + ": " + r);
            assertTrue(r.err().contains("devbox " + command + " --help"), r::toString);
            assertFalse(r.err().contains("Exception"), r::toString);
            assertEquals("", r.out());
        }
    }

    @Test
    void a_missing_project_argument_is_a_usage_error() {
        CliRunner.Result r = cli().run("launch");
        assertEquals(ExitCode.USAGE, r.exitCode());
        assertTrue(r.err().contains("Missing required parameter: 'PROJECT'"), r::toString);
    }

    @Test
    void unknown_flags_and_commands_are_usage_errors_with_a_suggestion() {
        CliRunner.Result flag = cli().run("launch", "demo", "--instance-typo", "t3.large");
        assertEquals(ExitCode.USAGE, flag.exitCode(), flag::toString);
        assertTrue(flag.err().contains("Unknown option"), flag::toString);

        CliRunner.Result cmd = cli().run("lanch", "demo");
        assertEquals(ExitCode.USAGE, cmd.exitCode(), cmd::toString);
        assertTrue(cmd.err().contains("launch"), "suggests the right command: " + cmd);
    }

    @Test
    void bad_option_values_are_usage_errors() {
        assertEquals(ExitCode.USAGE, cli().run("list", "--output", "yaml").exitCode());
        assertEquals(ExitCode.USAGE, cli().run("launch", "demo", "--volume-size", "big").exitCode());
        assertEquals(ExitCode.USAGE, cli().run("wait", "demo", "--until", "forever").exitCode());
    }

    @Test
    void launch_rejects_a_bad_instance_type_and_size_without_calling_aws() {
        CliRunner.Result type = cli().run("launch", "demo", "--instance-type", "huge");
        assertEquals(ExitCode.USAGE, type.exitCode(), type::toString);
        assertTrue(type.err().contains("not an EC2 instance type"), type::toString);
        CliRunner.Result size = cli().run("launch", "demo", "--volume-size", "2");
        assertEquals(ExitCode.USAGE, size.exitCode(), size::toString);
    }

    @Test
    void launch_without_any_ssh_key_says_how_to_make_one() {
        CliRunner.Result r = cli().run("launch", "demo");
        assertEquals(ExitCode.CONFIGURATION, r.exitCode(), r::toString);
        assertTrue(r.err().contains("ssh-keygen -t ed25519"), r::toString);
    }

    @Test
    void an_unreachable_endpoint_is_one_clear_sentence_and_a_setup_exit_code() {
        CliRunner.Result r = cli().run("list");
        assertEquals(ExitCode.CONFIGURATION, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: Cannot reach the AWS endpoint"), r::toString);
        assertEquals(1, r.err().strip().lines().count(), "one line without --verbose: " + r);
    }

    @Test
    void verbose_adds_the_stack_trace() {
        CliRunner.Result r = cli().run("list", "--verbose");
        assertEquals(ExitCode.CONFIGURATION, r.exitCode(), r::toString);
        assertTrue(r.err().lines().count() > 3, r::toString);
        assertTrue(r.err().contains("at dev.devbox.cli"), r::toString);
    }

    @Test
    void no_region_is_a_setup_error_naming_the_fixes() {
        CliRunner noRegion = new CliRunner(java.util.Map.of("AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "y",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9", "AWS_CONFIG_FILE", home.resolve("none").toString()), home);
        CliRunner.Result r = noRegion.run("list");
        assertEquals(ExitCode.CONFIGURATION, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--region"), r::toString);
    }

    @Test
    void output_has_no_escape_codes_off_a_terminal() {
        CliRunner.Result r = cli().run("--help");
        assertFalse(r.out().contains("\u001b["), "no ANSI when not a terminal");
    }

    @Test
    void local_refuses_parameters_it_cannot_honour_and_invalid_rules_before_starting_anything() {
        CliRunner.Result unknown = cli().run("local", "--parameter", "RetainAmis=5");
        assertEquals(ExitCode.USAGE, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("local mode does not model the parameter 'RetainAmis'; it honours"
                + " AllowedInstanceTypes, MaxRunningBoxesPerOwner"), unknown::toString);
        CliRunner.Result zero = cli().run("local", "--parameter", "AllowedSshCidrs=0.0.0.0/0");
        assertEquals(ExitCode.USAGE, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("never opens SSH to the whole internet"), zero::toString);
        CliRunner.Result admin = cli().run("local", "--admin", "carol@example.com");
        assertEquals(ExitCode.USAGE, admin.exitCode(), admin::toString);
        assertTrue(admin.err().contains("letters and digits only (AWS_ACCESS_KEY_ID=carolexamplecom)"), admin::toString);
        assertFalse(unknown.err().contains("Starting the local emulator"), "refused before the emulator starts");
    }
}
