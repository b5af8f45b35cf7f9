package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.local.LocalControlPlane;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;

@ExtendWith(EmulatorExtension.class)
class LaunchIT {
    @TempDir
    Path home;

    LocalWorld world;

    @BeforeEach
    void bootstrap(LocalAws aws) {
        world = new LocalWorld(aws, home);
    }

    @Test
    void launch_of_a_new_project_starts_one_tagged_box_from_ubuntu_with_volumes_that_outlive_it() throws Exception {
        CliRunner.Result r = world.cli.run("launch", "alpha", "--output", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("alpha", json.get("project").asText());
        assertEquals(1, json.get("generation").asLong());
        assertEquals(LocalAws.UBUNTU_2404_AMD64, json.get("imageId").asText());
        assertTrue(json.get("sshCommand").asText().matches("ssh -i ~/\\.ssh/id_ed25519 -o HostKeyAlias=devbox-alpha ubuntu@\\S+")
                || json.get("sshCommand").asText().startsWith("ssh -o HostKeyAlias=devbox-alpha ubuntu@"), r::toString);
        assertTrue(r.err().contains("not waiting for port 22"), "says why it skips the SSH wait: " + r);

        List<Instance> boxes = world.instancesOf("alpha");
        assertEquals(1, boxes.size());
        Instance box = boxes.get(0);
        Map<String, String> tags = box.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals("devbox", tags.get(ResourceNames.TAG_STACK));
        assertEquals("1", tags.get(ResourceNames.TAG_GENERATION));
        assertNotNull(tags.get(ResourceNames.TAG_OWNER), "owner from STS");
        assertEquals(json.get("keyName").asText(), box.keyName());
        assertTrue(box.keyName().startsWith("devbox-"), "the user's key was imported");
        assertEquals(world.outputs.get("SecurityGroupId"), box.securityGroups().get(0).groupId());
        box.blockDeviceMappings().forEach(m -> assertFalse(m.ebs().deleteOnTermination(), m.deviceName()));
        List<Volume> volumes = world.aws.ec2().describeVolumes(v -> v.volumeIds(
                box.blockDeviceMappings().stream().map(m -> m.ebs().volumeId()).toList())).volumes();
        assertEquals(20, volumes.get(0).size());

        CliRunner.Result status = world.cli.run("status", "alpha", "-o", "json");
        assertEquals(ExitCode.OK, status.exitCode(), status::toString);
        JsonNode s = new ObjectMapper().readTree(status.out());
        assertEquals("RUNNING", s.get("state").asText());
        assertEquals(box.instanceId(), s.get("instanceId").asText());

        CliRunner.Result list = world.cli.run("list");
        assertEquals(ExitCode.OK, list.exitCode(), list::toString);
        assertTrue(list.out().contains("alpha") && list.out().contains("RUNNING"), list::toString);
    }

    @Test
    void a_second_launch_while_the_box_runs_is_a_conflict_and_starts_nothing() {
        assertEquals(ExitCode.OK, world.cli.run("launch", "alpha").exitCode());
        String before = world.snapshotOfWorld();
        CliRunner.Result again = world.cli.run("launch", "alpha");
        assertEquals(ExitCode.CONFLICT, again.exitCode(), again::toString);
        assertTrue(again.err().contains("already has a running box"), again::toString);
        assertEquals(before, world.snapshotOfWorld());
    }

    @Test
    void ten_concurrent_launches_of_one_project_start_exactly_one_box() throws Exception {
        int n = 10;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CliRunner.Result>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Callable<CliRunner.Result> launch = () -> {
                start.await();
                return world.cli.run("launch", "race");
            };
            futures.add(pool.submit(launch));
        }
        start.countDown();
        List<CliRunner.Result> results = new ArrayList<>();
        for (Future<CliRunner.Result> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        long ok = results.stream().filter(r -> r.exitCode() == ExitCode.OK).count();
        long conflicts = results.stream().filter(r -> r.exitCode() == ExitCode.CONFLICT).count();
        assertEquals(1, ok, () -> results.toString());
        assertEquals(n - 1, conflicts, () -> results.toString());
        assertEquals(1, world.instancesOf("race").size(), "exactly one box");
    }

    @Test
    void volume_size_grows_the_root_volume() {
        CliRunner.Result r = world.cli.run("launch", "big", "--volume-size", "50", "--instance-type", "t3.large");
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        Instance box = world.instancesOf("big").get(0);
        assertEquals("t3.large", box.instanceTypeAsString());
        Volume root = world.aws.ec2().describeVolumes(v -> v.volumeIds(box.blockDeviceMappings().get(0).ebs().volumeId()))
                .volumes().get(0);
        assertEquals(50, root.size());
    }

    @Test
    void a_stack_with_its_own_ebs_key_gets_every_volume_encrypted_with_that_key() {
        String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        try (LocalControlPlane control = LocalControlPlane.listen()) {
            Map<String, String> optional = new java.util.HashMap<>(control.outputs());
            optional.put("EbsKmsKeyId", key);
            control.serve(world.aws, "keyed", LocalStack.bootstrap(world.aws, "keyed", optional),
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            CliRunner.Result r = world.cli.run("launch", "secret", "--stack", "keyed");
            assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        }
        Instance box = world.instancesOf("secret").get(0);
        List<Volume> volumes = world.aws.ec2().describeVolumes(v -> v.volumeIds(
                box.blockDeviceMappings().stream().map(m -> m.ebs().volumeId()).toList())).volumes();
        assertFalse(volumes.isEmpty());
        volumes.forEach(v -> {
            assertTrue(v.encrypted(), v.volumeId());
            assertEquals(key, v.kmsKeyId(), v.volumeId());
        });
    }

    @Test
    void ssh_prints_the_command_for_the_running_box() {
        assertEquals(ExitCode.OK, world.cli.run("launch", "alpha").exitCode());
        CliRunner.Result r = world.cli.run("ssh", "alpha", "--print");
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("ssh "), r::toString);
        assertTrue(r.out().contains("HostKeyAlias=devbox-alpha"), r::toString);
        assertTrue(r.out().strip().matches(".* ubuntu@\\S+"), r::toString);
    }

    @Test
    void ssh_config_writes_one_entry_per_running_box_and_is_idempotent() throws Exception {
        Path config = home.resolve(".ssh/config");
        java.nio.file.Files.writeString(config, "Host mine\n  User me\n");
        assertEquals(ExitCode.OK, world.cli.run("launch", "alpha").exitCode());
        CliRunner.Result first = world.cli.run("ssh-config");
        assertEquals(ExitCode.OK, first.exitCode(), first::toString);
        assertTrue(first.out().startsWith("Updated"), first::toString);
        String once = java.nio.file.Files.readString(config);
        assertTrue(once.startsWith("Host mine\n  User me\n"), once);
        assertTrue(once.contains("Host devbox-alpha"), once);
        CliRunner.Result second = world.cli.run("ssh-config");
        assertTrue(second.out().startsWith("Unchanged"), second::toString);
        assertEquals(once, java.nio.file.Files.readString(config));
        assertEquals(ExitCode.OK, world.cli.run("ssh-config", "--remove").exitCode());
        assertEquals("Host mine\n  User me\n\n", java.nio.file.Files.readString(config));
    }
}
