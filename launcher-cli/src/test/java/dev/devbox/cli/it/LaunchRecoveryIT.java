package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.it.RunInstancesFault.Error;
import dev.devbox.cli.it.RunInstancesFault.When;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * A RunInstances that fails as far as the CLI can tell: the launch looks for the cycle's box
 * before it gives the claim up, so a box EC2 did start is tracked (and later saved), and a launch
 * that really started nothing is released as FAILED.
 */
@ExtendWith(EmulatorExtension.class)
class LaunchRecoveryIT {
    @TempDir
    Path home;

    PipelineWorld world;

    @BeforeEach
    void start(LocalAws aws) {
        world = new PipelineWorld(aws, home);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @ParameterizedTest
    @EnumSource(Error.class)
    void a_box_started_by_a_run_instances_whose_response_was_lost_is_recorded_and_later_saved(Error error)
            throws Exception {
        RunInstancesFault fault = new RunInstancesFault(When.AFTER_EFFECT, error);
        world.controlEc2.add(fault);
        CliRunner.Result r = world.cli.run("launch", "alpha", "-o", "json");
        assertEquals(1, fault.fired(), "the fault fired");
        assertEquals(1, fault.sent(), "one RunInstances went out");
        JsonNode launched = world.json(r);

        List<Instance> boxes = world.instancesOfCycle("alpha", 1);
        assertEquals(1, boxes.size(), () -> "exactly one box for the cycle: " + boxes);
        String id = boxes.get(0).instanceId();
        assertEquals(id, launched.get("instanceId").asText());
        assertTrue(r.err().contains(id), "says which box it found: " + r);
        JsonNode status = world.json(world.cli.run("status", "alpha", "-o", "json"));
        assertEquals("RUNNING", status.get("state").asText());
        assertEquals(id, status.get("instanceId").asText());

        Set<String> boxVolumes = StoppedBoxIT.volumesOf(world.instance(id));
        JsonNode saved = world.json(world.cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
        assertEquals("READY", saved.get("state").asText());
        List<String> snapshots = world.image(saved.get("imageId").asText()).blockDeviceMappings().stream()
                .filter(m -> m.ebs() != null).map(m -> m.ebs().snapshotId()).toList();
        assertEquals(boxVolumes, world.aws.ec2().describeSnapshots(s -> s.snapshotIds(snapshots)).snapshots()
                .stream().map(s -> s.volumeId()).collect(Collectors.toSet()), "the found box's volumes are saved");
    }

    @ParameterizedTest
    @EnumSource(Error.class)
    void a_run_instances_that_started_nothing_releases_the_claim_as_failed_with_the_reason(Error error)
            throws Exception {
        RunInstancesFault fault = new RunInstancesFault(When.BEFORE_SENDING, error);
        world.controlEc2.add(fault);
        CliRunner.Result r = world.cli.run("launch", "alpha");
        world.controlEc2.remove(fault);
        assertTrue(fault.fired() >= 1, "the fault fired");
        assertEquals(ExitCode.AWS, r.exitCode(), r::toString);
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r::toString);
        assertTrue(r.err().contains("no box was started"), r::toString);
        assertTrue(r.err().contains("'devbox launch alpha' tries again"), r::toString);
        assertTrue(world.instancesOf("alpha").isEmpty(), "nothing runs");

        JsonNode status = world.json(world.cli.run("status", "alpha", "-o", "json"));
        assertEquals("FAILED", status.get("state").asText(), "released, not left LAUNCHING");
        assertEquals("LAUNCHING", status.get("failureStage").asText());
        assertTrue(status.get("failureReason").asText().contains(error == Error.SERVER_ERROR ? "InternalError"
                : "Read timed out"), status::toString);

        JsonNode again = world.json(world.cli.run("launch", "alpha", "-o", "json"));
        assertEquals(2, again.get("generation").asLong(), "launchable again");
        assertEquals(1, world.instancesOf("alpha").size());
    }
}
