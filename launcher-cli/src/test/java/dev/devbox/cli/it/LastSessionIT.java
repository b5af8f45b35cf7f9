package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.project.BoxUserData;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 8, through the CLI with the real pipeline in-process: the pipeline and the control
 * plane record how each box ended (devbox terminate, or a terminate through any other EC2 client, as
 * the console does), `devbox status` shows it, and the next box's user data carries it to its login
 * message (devbox-last-session.sh, tested under bash in LastSessionScriptTest).
 */
@ExtendWith(EmulatorExtension.class)
class LastSessionIT {
    private static final Pattern PREPARE = Pattern.compile("devbox-last-session\" prepare '([^']*)'");

    @TempDir
    Path home;

    PipelineWorld world;
    CliRunner cli;

    @BeforeEach
    void start(LocalAws aws) {
        world = new PipelineWorld(aws, home);
        cli = world.cli;
    }

    @AfterEach
    void stop() {
        world.close();
    }

    /** The record the box's user data hands to its login message script ("" for none). */
    private String renderedEnding(String instanceId) {
        String base64 = world.aws.ec2().describeInstanceAttribute(r -> r.instanceId(instanceId).attribute("userData"))
                .userData().value();
        Matcher m = PREPARE.matcher(BoxUserData.decode(base64));
        assertTrue(m.find(), "the user data prepares the login message");
        return m.group(1);
    }

    private static void assertRecent(String iso) {
        Duration age = Duration.between(Instant.parse(iso), Instant.now());
        assertFalse(age.isNegative() && age.abs().toSeconds() > 5, iso + " is in the future");
        assertTrue(age.toMinutes() < 5, iso + " is not the time of this test's terminate");
    }

    @Test
    void devbox_terminate_and_a_console_terminate_are_told_apart_and_reach_the_next_boxs_login_message()
            throws Exception {
        JsonNode first = world.json(cli.run("launch", "alpha", "-o", "json"));
        assertEquals("", renderedEnding(first.get("instanceId").asText()), "a new project has no last session");
        assertFalse(world.json(cli.run("status", "alpha", "-o", "json")).has("lastEnding"));

        world.json(cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
        JsonNode ended = world.json(cli.run("status", "alpha", "-o", "json")).get("lastEnding");
        assertEquals("cli", ended.get("cause").asText(), ended::toString);
        assertEquals(1, ended.get("generation").asLong());
        assertRecent(ended.get("at").asText());
        CliRunner.Result human = cli.run("status", "alpha");
        assertTrue(human.out().contains("Last ended") && human.out().contains("generation 1 at ")
                && human.out().contains(": devbox terminate"), human::toString);

        JsonNode second = world.json(cli.run("launch", "alpha", "-o", "json"));
        String secondBox = second.get("instanceId").asText();
        assertEquals("cli 1 " + ended.get("at").asText(), renderedEnding(secondBox));

        world.aws.ec2().terminateInstances(r -> r.instanceIds(secondBox)); // "the console"
        CliRunner.Result waited = cli.run("wait", "alpha", "--timeout", "2");
        assertEquals(ExitCode.OK, waited.exitCode(), waited::toString);
        JsonNode console = world.json(cli.run("status", "alpha", "-o", "json")).get("lastEnding");
        assertEquals("api", console.get("cause").asText(), console::toString);
        assertEquals(2, console.get("generation").asLong());
        assertRecent(console.get("at").asText());

        JsonNode third = world.json(cli.run("launch", "alpha", "-o", "json"));
        assertEquals("api 2 " + console.get("at").asText(), renderedEnding(third.get("instanceId").asText()));
    }
}
