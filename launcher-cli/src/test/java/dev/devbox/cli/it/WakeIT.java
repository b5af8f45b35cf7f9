package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * Wake on connect through the CLI entry point: `devbox ssh-config --wake` writes entries for saved
 * projects whose ProxyCommand starts the box; a box that ended less than five minutes ago is not
 * started again; without --wake nothing starts. (An emulated box has no sshd, so the relay after
 * the start is refused with a message: WebSocketRelayTest covers the relaying.)
 */
@ExtendWith(EmulatorExtension.class)
class WakeIT {
    @TempDir
    Path home;

    LocalAws aws;
    PipelineWorld world;
    Ec2Requests requests;
    CliRunner cli;

    @BeforeEach
    void start(LocalAws aws) {
        this.aws = aws;
        world = new PipelineWorld(aws, home, Map.of("PrivateBoxes", "Allowed"));
        requests = new Ec2Requests();
        world.controlEc2.add(requests);
        cli = world.cli;
    }

    @AfterEach
    void stop() {
        world.close();
    }

    /** A project saved from a private t3.micro Spot box with a 30-minute idle limit. */
    void saved(String project) throws Exception {
        world.json(cli.run("launch", project, "--private", "--instance-type", "t3.micro", "--spot", "--idle", "30",
                "-o", "json"));
        JsonNode saved = world.json(cli.run("terminate", project, "--wait", "--timeout", "2", "-o", "json"));
        assertEquals("READY", saved.get("state").asText());
    }

    @Test
    void ssh_config_wake_writes_saved_projects_and_a_fresh_save_is_not_started_again() throws Exception {
        saved("alpha");

        CliRunner.Result plain = cli.run("ssh-config", "--print");
        assertFalse(plain.out().contains("devbox-alpha"), "without --wake, a saved project has no entry: " + plain);
        CliRunner.Result wake = cli.run("ssh-config", "--wake", "--print");
        assertTrue(wake.out().contains("Host devbox-alpha\n  User ubuntu\n"), wake::toString);
        assertTrue(wake.out().contains("  ProxyCommand devbox proxy --wake alpha\n  ServerAliveInterval 30\n"),
                wake::toString);

        int runs = requests.of(RunInstancesRequest.class).size();
        CliRunner.Result reconnect = cli.run("proxy", "--wake", "alpha");
        assertEquals(ExitCode.CONFLICT, reconnect.exitCode(), reconnect::toString);
        assertTrue(reconnect.err().contains("The box of 'alpha' ended less than five minutes ago: a reconnecting ssh"
                + " does not start it again; run 'devbox launch alpha'"), reconnect::toString);
        assertEquals(1, reconnect.err().strip().lines().count(), reconnect::toString);
        assertEquals("", reconnect.out(), "nothing reaches ssh's end of the pipe");

        CliRunner.Result noWake = cli.run("proxy", "alpha");
        assertEquals(ExitCode.NOT_FOUND, noWake.exitCode(), noWake::toString);
        assertEquals(runs, requests.of(RunInstancesRequest.class).size(), "nothing was started");
        JsonNode status = world.json(cli.run("status", "alpha", "-o", "json"));
        assertEquals("READY", status.get("state").asText(), "still saved, as it was");
        assertEquals(1, status.get("generation").asLong());
    }

    @Test
    void a_reconnect_after_five_minutes_starts_the_saved_project_with_its_last_settings() throws Exception {
        saved("alpha");
        CliRunner later = cli.withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)));

        // Another machine (no record of the last launch) does not guess how to start it.
        Path record = home.resolve(".local/state/devbox/launches/devbox/alpha.json");
        String kept = Files.readString(record);
        Files.delete(record);
        int runs = requests.of(RunInstancesRequest.class).size();
        CliRunner.Result guessing = later.run("proxy", "--wake", "alpha");
        assertEquals(ExitCode.CONFLICT, guessing.exitCode(), guessing::toString);
        assertTrue(guessing.err().contains("devbox on this machine has no record of how 'alpha' was last launched"),
                guessing::toString);
        assertEquals(runs, requests.of(RunInstancesRequest.class).size(), "nothing started");
        Files.writeString(record, kept);

        CliRunner.Result reconnect = later.run("proxy", "--wake", "alpha");

        assertTrue(reconnect.err().contains("devbox: starting 'alpha' for this connection (ssh-config --wake) as it"
                + " was last launched: t3.micro, Spot, private, idle limit 30 min"), reconnect::toString);
        assertEquals("", reconnect.out(), "progress goes to stderr, never into ssh's connection");
        List<RunInstancesRequest> started = requests.of(RunInstancesRequest.class);
        assertEquals(2, started.size());
        RunInstancesRequest again = started.get(1);
        assertEquals("t3.micro", again.instanceTypeAsString());
        assertTrue(again.instanceMarketOptions() != null, "Spot again");
        assertEquals(Boolean.FALSE, again.networkInterfaces().get(0).associatePublicIpAddress(), "private again");
        JsonNode status = world.json(cli.run("status", "alpha", "-o", "json"));
        assertEquals("RUNNING", status.get("state").asText());
        assertEquals(2, status.get("generation").asLong());
        // The emulated box has no sshd: the relay is refused once the box runs.
        assertEquals(ExitCode.CONFIGURATION, reconnect.exitCode(), reconnect::toString);
        assertTrue(reconnect.err().contains("is emulated and has no SSH server"), reconnect::toString);
        world.json(cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
    }
}
