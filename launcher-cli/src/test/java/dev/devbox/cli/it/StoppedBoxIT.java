package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * A box stopped behind devbox's back (`aws ec2 stop-instances`, the console): still the project's
 * box, terminable by devbox and so saved, and every command says so.
 */
@ExtendWith(EmulatorExtension.class)
class StoppedBoxIT {
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

    @Test
    void terminate_of_a_stopped_box_terminates_it_and_the_project_ends_ready_with_its_volumes_saved() throws Exception {
        String id = world.json(world.cli.run("launch", "alpha", "-o", "json")).get("instanceId").asText();
        Set<String> boxVolumes = volumesOf(world.instance(id));
        world.stop(id);

        CliRunner.Result r = world.cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json");
        JsonNode saved = world.json(r);
        assertEquals(id, saved.get("instanceId").asText());
        assertEquals("READY", saved.get("state").asText());
        assertEquals("terminated", world.instance(id).state().nameAsString());

        List<String> snapshots = world.image(saved.get("imageId").asText()).blockDeviceMappings().stream()
                .filter(m -> m.ebs() != null).map(m -> m.ebs().snapshotId()).toList();
        Set<String> savedVolumes = world.aws.ec2().describeSnapshots(s -> s.snapshotIds(snapshots)).snapshots()
                .stream().map(s -> s.volumeId()).collect(Collectors.toSet());
        assertEquals(boxVolumes, savedVolumes, "the project AMI is made of the stopped box's volumes");
    }

    @Test
    void status_list_and_ssh_say_the_box_is_stopped_and_that_terminate_saves_it() throws Exception {
        String id = world.json(world.cli.run("launch", "alpha", "-o", "json")).get("instanceId").asText();
        world.stop(id);

        JsonNode status = world.json(world.cli.run("status", "alpha", "-o", "json"));
        assertEquals("RUNNING", status.get("state").asText(), "the cycle is still open");
        assertEquals("stopped", status.get("boxState").asText());
        assertTrue(status.path("advice").asText().contains("'devbox terminate alpha' saves it"), status::toString);
        CliRunner.Result text = world.cli.run("status", "alpha");
        assertTrue(text.out().contains(id + " stopped"), text::toString);
        assertTrue(text.out().contains("'devbox terminate alpha' saves it"), text::toString);

        JsonNode list = world.json(world.cli.run("list", "-o", "json"));
        assertEquals("stopped", list.get(0).get("boxState").asText(), list::toString);
        CliRunner.Result table = world.cli.run("list");
        assertTrue(table.out().contains("stopped: 'devbox terminate' saves it"), table::toString);

        CliRunner.Result ssh = world.cli.run("ssh", "alpha", "--print");
        assertEquals(ExitCode.NOT_FOUND, ssh.exitCode(), ssh::toString);
        assertTrue(ssh.err().contains("is stopped") && ssh.err().contains("'devbox terminate alpha' saves it"),
                ssh::toString);
        assertTrue(!ssh.err().contains("being saved"), "nothing is being saved yet: " + ssh);
    }

    static Set<String> volumesOf(Instance box) {
        return box.blockDeviceMappings().stream().filter(m -> m.ebs() != null).map(m -> m.ebs().volumeId())
                .collect(Collectors.toSet());
    }
}
