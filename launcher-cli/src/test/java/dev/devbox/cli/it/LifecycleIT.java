package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The product's story through the real entry point, with the real pipeline running in-process under the
 * history oracle ({@link PipelineWorld}).
 */
@ExtendWith(EmulatorExtension.class)
class LifecycleIT {
    @TempDir
    Path home;

    PipelineWorld world;
    LocalAws aws;
    CliRunner cli;
    List<String> narration;

    @BeforeEach
    void start(LocalAws aws) {
        this.aws = aws;
        world = new PipelineWorld(aws, home);
        cli = world.cli;
        narration = world.narration;
    }

    @AfterEach
    void stop() {
        world.close();
    }

    JsonNode json(CliRunner.Result r) throws Exception {
        return world.json(r);
    }

    boolean narrationSoonContains(String text) throws InterruptedException {
        return world.narrationSoonContains(text);
    }

    @Test
    void launch_terminate_ready_then_relaunch_boots_the_project_ami_and_delete_leaves_nothing() throws Exception {
        JsonNode first = json(cli.run("launch", "alpha", "-o", "json"));
        assertEquals(1, first.get("generation").asLong());
        assertEquals("ubuntu-24.04", first.get("imageSource").asText());

        JsonNode saved = json(cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
        assertEquals("READY", saved.get("state").asText());
        String ami = saved.get("imageId").asText();
        assertTrue(ami.startsWith("ami-"), saved::toString);
        assertTrue(narration.stream().anyMatch(l -> l.contains("shutting-down")), narration::toString);
        // Published right after READY is recorded, on the event thread: it may trail the CLI's wait by a moment.
        assertTrue(narrationSoonContains("Project Ready"), narration::toString);

        JsonNode status = json(cli.run("status", "alpha", "-o", "json"));
        assertEquals("READY", status.get("state").asText());
        assertEquals(ami, status.get("imageId").asText());
        assertEquals(1, status.get("retainedImages").size());

        JsonNode second = json(cli.run("launch", "alpha", "-o", "json"));
        assertEquals(2, second.get("generation").asLong());
        assertEquals("project", second.get("imageSource").asText());
        assertEquals(ami, second.get("imageId").asText());
        Instance box = aws.ec2().describeInstances(r -> r.instanceIds(second.get("instanceId").asText()))
                .reservations().get(0).instances().get(0);
        assertEquals(ami, box.imageId(), "the relaunched box boots the project AMI");

        JsonNode savedAgain = json(cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
        assertNotNull(savedAgain.get("imageId"));

        CliRunner.Result deleted = cli.run("delete", "alpha", "--yes");
        assertEquals(ExitCode.OK, deleted.exitCode(), deleted::toString);
        assertEquals(ExitCode.NOT_FOUND, cli.run("status", "alpha").exitCode());
        assertNothingLeft("alpha");
    }

    @Test
    void delete_asks_first_and_a_no_keeps_everything() throws Exception {
        json(cli.run("launch", "beta", "-o", "json"));
        json(cli.run("terminate", "beta", "--wait", "--timeout", "2", "-o", "json"));
        CliRunner.Result no = cli.withStdin("n\n").run("delete", "beta");
        assertEquals(ExitCode.ABORTED, no.exitCode(), no::toString);
        assertTrue(no.err().contains("[y/N]"), no::toString);
        assertEquals("READY", json(cli.run("status", "beta", "-o", "json")).get("state").asText());
        CliRunner.Result yes = cli.withStdin("yes\n").run("delete", "beta");
        assertEquals(ExitCode.OK, yes.exitCode(), yes::toString);
        assertNothingLeft("beta");
    }

    @Test
    void terminating_through_any_ec2_client_runs_the_same_pipeline() throws Exception {
        JsonNode launched = json(cli.run("launch", "gamma", "-o", "json"));
        aws.ec2().terminateInstances(r -> r.instanceIds(launched.get("instanceId").asText())); // "the console"
        CliRunner.Result waited = cli.run("wait", "gamma", "--timeout", "2");
        assertEquals(ExitCode.OK, waited.exitCode(), waited::toString);
        assertTrue(waited.out().contains("READY"), waited::toString);
    }

    @Test
    void a_volume_the_user_attached_after_launch_is_saved_and_comes_back_on_the_next_launch() throws Exception {
        JsonNode launched = json(cli.run("launch", "delta", "-o", "json"));
        String boxId = launched.get("instanceId").asText();
        String zone = world.instance(boxId).placement().availabilityZone();
        String volume = aws.ec2().createVolume(r -> r.availabilityZone(zone).size(2).volumeType("gp3")).volumeId();
        world.attached(boxId, "/dev/sdf", volume); // by hand, no reconciler pass before the terminate

        JsonNode saved = json(cli.run("terminate", "delta", "--wait", "--timeout", "2", "-o", "json"));
        assertEquals("READY", saved.get("state").asText(), saved::toString);
        String ami = saved.get("imageId").asText();
        List<String> devices = aws.ec2().describeImages(r -> r.imageIds(ami)).images().get(0).blockDeviceMappings()
                .stream().map(m -> m.deviceName()).sorted().toList();
        assertEquals(List.of("/dev/sda1", "/dev/sdf"), devices, "the AMI holds the attached volume");

        JsonNode next = json(cli.run("launch", "delta", "-o", "json"));
        List<String> nextDevices = world.instance(next.get("instanceId").asText()).blockDeviceMappings().stream()
                .map(m -> m.deviceName()).sorted().toList();
        assertEquals(List.of("/dev/sda1", "/dev/sdf"), nextDevices, "the next box has it back");
    }

    void assertNothingLeft(String project) {
        List<Filter> ours = List.of(Filter.builder().name("tag:" + ResourceNames.TAG_PROJECT)
                .values(PipelineWorld.key(project)).build());
        assertEquals(List.of(), aws.ec2().describeImages(r -> r.owners("self").filters(ours)).images());
        assertEquals(List.of(), aws.ec2().describeSnapshots(r -> r.ownerIds("self").filters(ours)).snapshots());
        assertEquals(List.of(), aws.ec2().describeVolumes(r -> r.filters(ours)).volumes());
        aws.ec2().describeInstances(r -> r.filters(ours)).reservations().forEach(res -> res.instances().forEach(
                i -> assertEquals("terminated", i.state().nameAsString(), i.instanceId())));
    }
}
