package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 6: `devbox ssh PROJECT -- ARGS` and `devbox code PROJECT [PATH]`, through the CLI
 * entry point, with fake `ssh` and `code` programs on PATH that record the argv devbox runs them with.
 */
@ExtendWith(EmulatorExtension.class)
class EditorsIT {
    @TempDir
    Path home;

    @TempDir
    Path bin;

    LocalWorld world;

    @BeforeEach
    void bootstrap(LocalAws aws) {
        world = new LocalWorld(aws, home);
    }

    /** A program that writes its arguments, one a line, into bin/NAME.argv and exits with {@code exit}. */
    private Path fake(String name, int exit) throws IOException {
        Path program = bin.resolve(name);
        Files.writeString(program, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$0.argv\"\nexit "
                + exit + "\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.resolve(name + ".argv");
    }

    private CliRunner cliWithBin() {
        return world.cli.with("PATH", bin.toString());
    }

    private String address() {
        CliRunner.Result printed = world.cli.run("ssh", "alpha", "--print");
        assertEquals(ExitCode.OK, printed.exitCode(), printed::toString);
        String line = printed.out().strip();
        return line.substring(line.lastIndexOf("ubuntu@"));
    }

    @Test
    void ssh_passes_port_forwards_before_the_destination_and_a_command_after_it() throws Exception {
        assertEquals(ExitCode.OK, world.cli.run("launch", "alpha").exitCode());
        Path argv = fake("ssh", 0);
        String destination = address();

        CliRunner.Result forward = cliWithBin().run("ssh", "alpha", "--", "-L", "8080:localhost:8080", "-N");
        assertEquals(ExitCode.OK, forward.exitCode(), forward::toString);
        List<String> args = Files.readAllLines(argv);
        assertEquals(List.of("-L", "8080:localhost:8080", "-N", destination), args.subList(args.size() - 4, args.size()),
                args::toString);
        assertTrue(args.containsAll(List.of("-o", "HostKeyAlias=devbox-alpha")), args::toString);

        CliRunner.Result command = cliWithBin().run("ssh", "alpha", "--", "-t", "ls", "-la", "/tmp");
        assertEquals(ExitCode.OK, command.exitCode(), command::toString);
        args = Files.readAllLines(argv);
        assertEquals(List.of("-t", destination, "ls", "-la", "/tmp"), args.subList(args.size() - 5, args.size()),
                args::toString);
    }

    @Test
    void ssh_returns_ssh_exit_code_and_keeps_arguments_before_dash_dash_for_itself() throws Exception {
        assertEquals(ExitCode.OK, world.cli.run("launch", "alpha").exitCode());
        Path argv = fake("ssh", 7);
        assertEquals(7, cliWithBin().run("ssh", "alpha", "--", "true").exitCode());
        Files.delete(argv);

        String before = world.snapshotOfWorld();
        CliRunner.Result stray = cliWithBin().run("ssh", "alpha", "uptime");
        assertEquals(ExitCode.USAGE, stray.exitCode(), stray::toString);
        assertTrue(stray.err().contains("put ssh's arguments after --"), stray::toString);
        assertEquals(1, stray.err().strip().lines().count(), stray::toString);
        CliRunner.Result option = cliWithBin().run("ssh", "alpha", "-L", "8080:localhost:8080");
        assertEquals(ExitCode.USAGE, option.exitCode(), option::toString);
        assertFalse(Files.exists(argv), "ssh never ran");
        assertEquals(before, world.snapshotOfWorld());
    }

    @Test
    void ssh_without_an_ssh_client_on_path_says_so_and_prints_the_command() {
        assertEquals(ExitCode.OK, world.cli.run("launch", "alpha").exitCode());
        CliRunner.Result r = cliWithBin().run("ssh", "alpha");
        assertEquals(ExitCode.CONFIGURATION, r.exitCode(), r::toString);
        assertTrue(r.err().contains("install an OpenSSH client, or run: ssh "), r::toString);
    }

    @Test
    void code_writes_the_ssh_config_entry_and_opens_remote_ssh_on_the_home_folder() throws Exception {
        Path config = home.resolve(".ssh/config");
        Files.writeString(config, "Host mine\n  User me\n");
        assertEquals(ExitCode.OK, world.cli.run("launch", "alpha").exitCode());
        Path argv = fake("code", 0);

        CliRunner.Result r = cliWithBin().run("code", "alpha");
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        assertEquals(List.of("--remote", "ssh-remote+devbox-alpha", "/home/ubuntu"), Files.readAllLines(argv));
        String written = Files.readString(config);
        assertTrue(written.startsWith("Host mine\n  User me\n"), written);
        assertTrue(written.contains("Host devbox-alpha\n  HostName " + address().substring("ubuntu@".length())),
                written);

        CliRunner.Result folder = cliWithBin().run("code", "alpha", "/srv/app");
        assertEquals(ExitCode.OK, folder.exitCode(), folder::toString);
        assertEquals(List.of("--remote", "ssh-remote+devbox-alpha", "/srv/app"), Files.readAllLines(argv));
        assertEquals(written, Files.readString(config), "an entry already right is left alone");
    }

    @Test
    void code_without_code_on_path_prints_the_command_and_how_to_get_remote_ssh() throws Exception {
        assertEquals(ExitCode.OK, world.cli.run("launch", "alpha").exitCode());
        CliRunner.Result r = cliWithBin().run("code", "alpha");
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        assertEquals("code --remote ssh-remote+devbox-alpha /home/ubuntu", r.out().strip());
        assertTrue(r.err().contains("code --install-extension ms-vscode-remote.remote-ssh"), r::toString);
        assertTrue(Files.readString(home.resolve(".ssh/config")).contains("Host devbox-alpha"));
    }

    @Test
    void code_refuses_a_relative_folder_and_a_project_without_a_box_and_changes_nothing() throws Exception {
        Path argv = fake("code", 0);
        String before = world.snapshotOfWorld();
        CliRunner.Result noBox = cliWithBin().run("code", "ghost");
        assertEquals(ExitCode.NOT_FOUND, noBox.exitCode(), noBox::toString);
        assertTrue(noBox.err().contains("ghost"), noBox::toString);
        assertEquals(before, world.snapshotOfWorld());

        assertEquals(ExitCode.OK, world.cli.run("launch", "alpha").exitCode());
        String launched = world.snapshotOfWorld();
        CliRunner.Result relative = cliWithBin().run("code", "alpha", "src/app");
        assertEquals(ExitCode.USAGE, relative.exitCode(), relative::toString);
        assertTrue(relative.err().contains("PATH must be an absolute folder on the box, e.g. /home/ubuntu/src/app"),
                relative::toString);
        assertFalse(Files.exists(argv), "code never ran");
        assertFalse(Files.exists(home.resolve(".ssh/config")), "no ssh config was written");
        assertEquals(launched, world.snapshotOfWorld());
    }
}
