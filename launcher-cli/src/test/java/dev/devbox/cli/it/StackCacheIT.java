package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against an endpoint override too, the stack's outputs come from ~/.cache/devbox/stacks.json after
 * the first command (no CloudFormation call), and a cached control plane that no longer answers is
 * described again.
 */
@ExtendWith(EmulatorExtension.class)
class StackCacheIT {
    @TempDir
    Path home;

    @Test
    void the_outputs_are_cached_per_endpoint_and_a_dead_control_plane_is_looked_up_again(LocalAws aws)
            throws Exception {
        LocalWorld world = new LocalWorld(aws, home);
        Path cache = home.resolve(".cache/devbox/stacks.json");
        CliRunner.Result first = world.cli.run("list");
        assertEquals(ExitCode.OK, first.exitCode(), first::toString);
        String saved = Files.readString(cache);
        String controlUrl = world.outputs.get("ControlUrl");
        assertTrue(saved.contains(controlUrl), saved);
        assertTrue(saved.contains("@" + aws.environment().get("AWS_ENDPOINT_URL")), "keyed by the endpoint: " + saved);

        CliRunner.Result cached = world.cli.run("--verbose", "list");
        assertEquals(ExitCode.OK, cached.exitCode(), cached::toString);
        assertTrue(cached.err().contains("control plane " + controlUrl + " (cached)"), cached::toString);

        // the stack's control plane moved (a redeployed stack): nothing listens at the cached URL
        Files.writeString(cache, saved.replace(controlUrl, "http://127.0.0.1:9/"));
        CliRunner.Result moved = world.cli.run("--verbose", "list");
        assertEquals(ExitCode.OK, moved.exitCode(), moved::toString);
        assertTrue(moved.err().contains("moved to " + controlUrl), moved::toString);
        assertTrue(Files.readString(cache).contains(controlUrl), "the cache holds the new URL again");
    }
}
