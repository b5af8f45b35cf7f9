package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `devbox demo` and `devbox local` start their own emulator, exactly as a user's shell would. */
class DemoIT {
    /** The demo project's key, which the pipeline's events carry: alice's "demo". */
    private static final String KEY = dev.devbox.domain.OwnerNamespace.key(dev.devbox.domain.ProjectName.of("demo"),
            "alice").value();

    @TempDir
    Path home;

    @Test
    void demo_tells_every_stage_of_the_story_and_leaves_nothing_behind() {
        // No AWS variables at all: the demo needs none.
        CliRunner.Result r = new CliRunner(Map.of(), home).run("demo");
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        for (String expected : List.of(
                "[1/9] Start the emulator",
                "[2/9] devbox launch demo",
                "new from Ubuntu 24.04",
                "[3/9] devbox terminate demo --wait",
                "EC2 Instance State-change Notification",
                "shutting-down",
                "EBS Snapshot Notification",
                "EC2 AMI State Change",
                "available",
                "Project Ready " + KEY + " g1",
                "[4/9] devbox status demo",
                "Retained AMIs",
                "[5/9] devbox launch demo",
                "restored from project AMI",
                "boots the project AMI",
                "[6/9] AWS_ACCESS_KEY_ID=bob devbox terminate demo",
                "No project 'demo'",
                "Only an admin of this stack can act for another developer ('--owner alice'): you are bob.",
                "still runs: bob cannot touch it",
                "[7/9]",
                "Project Ready " + KEY + " g2",
                "[8/9] devbox delete demo --yes",
                "Deleted demo: 2 AMI(s), 2 snapshot(s)",
                "[9/9]",
                "0 boxes, 0 AMIs, 0 snapshots, 0 volumes of 'demo' remain",
                "Demo complete")) {
            assertTrue(r.out().contains(expected), () -> "missing '" + expected + "' in\n" + r);
        }
        assertTrue(r.err().contains("READY"), "progress goes to stderr: " + r);
        assertTrue(!r.out().contains("\u001b["), "no colour off a terminal");
    }

    @Test
    void local_prints_export_lines_for_every_endpoint() {
        CliRunner.Result r = new CliRunner(Map.of(), home).run("local", "--for", "0", "--quiet");
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        assertTrue(r.out().contains("export AWS_ENDPOINT_URL=http://127.0.0.1:"), r::toString);
        assertTrue(r.out().contains("export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:"), r::toString);
        assertTrue(r.out().contains("export AWS_REGION=us-east-1"), r::toString);
        assertTrue(r.out().lines().allMatch(l -> l.startsWith("export ")), "stdout is only export lines: " + r);
        assertTrue(r.err().contains("devbox local is running"), r::toString);
    }
}
