package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.testing.WorldFingerprint;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Boxes shaped to the work, through the CLI's entry point with the real pipeline saving them: a
 * Graviton project boots arm64 Ubuntu, is saved as an arm64 AMI and resumes from it (an x86 type
 * is refused for it with nothing changed); {@code --image} takes only the owners the stack trusts,
 * and {@code --ssh-user} is remembered by the project for ssh, ssh-config and later launches.
 */
@ExtendWith(EmulatorExtension.class)
class GravitonIT {
    @TempDir
    Path home;

    private static String fingerprint(LocalAws aws) {
        return WorldFingerprint.of(aws, LocalStack.tableName(PipelineWorld.STACK));
    }

    /** Waits for the cleanup after the last save to finish: until then the pipeline still changes the world. */
    private static void awaitCleanup(LocalAws aws, String project) throws InterruptedException {
        var projects = dev.devbox.adapter.dynamodb.DynamoDbStores.projectStore(aws.dynamo(),
                LocalStack.tableName(PipelineWorld.STACK));
        var key = dev.devbox.domain.ProjectName.of(PipelineWorld.key(project));
        for (int i = 0; i < 100 && projects.find(key).orElseThrow().cleanupPending(); i++) {
            Thread.sleep(100);
        }
    }

    private static Instance box(LocalAws aws, String instanceId) {
        return aws.ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    @Test
    void a_graviton_project_is_saved_and_resumed_and_an_x86_type_is_refused_with_nothing_changed(LocalAws aws)
            throws Exception {
        try (PipelineWorld world = new PipelineWorld(aws, home)) {
            CliRunner cli = world.cli;
            JsonNode launched = world.json(cli.run("launch", "arm", "--instance-type", "t4g.small", "-o", "json"));
            assertEquals(LocalAws.UBUNTU_2404_ARM64, launched.get("imageId").asText());
            assertEquals("ubuntu-24.04-arm64", launched.get("imageSource").asText());
            assertEquals("arm64", launched.get("architecture").asText());
            Instance first = box(aws, launched.get("instanceId").asText());
            assertEquals("t4g.small", first.instanceTypeAsString());
            assertEquals(LocalAws.UBUNTU_2404_ARM64, first.imageId());

            String saved = world.json(cli.run("terminate", "arm", "--wait", "--timeout", "2", "-o", "json"))
                    .get("imageId").asText();
            assertEquals("arm64", aws.ec2().describeImages(r -> r.imageIds(saved)).images().get(0)
                    .architectureAsString(), "the pipeline registers the project AMI as arm64");

            awaitCleanup(aws, "arm");
            String before = fingerprint(aws);
            CliRunner.Result refused = cli.run("launch", "arm", "--instance-type", "t3.small");
            assertEquals(ExitCode.USAGE, refused.exitCode(), refused::toString);
            assertTrue(refused.err().contains("t3.small is an x86 (x86_64) instance type, but project 'arm' resumes"
                    + " from Graviton (arm64) AMI " + saved + ": nothing was started. Pick a Graviton (arm64) type,"
                    + " like --instance-type t4g.small."), refused::toString);
            assertEquals(before, fingerprint(aws), "a refused launch changed nothing");

            JsonNode resumed = world.json(cli.run("launch", "arm", "--instance-type", "t4g.small", "-o", "json"));
            assertEquals(saved, resumed.get("imageId").asText());
            assertEquals("project", resumed.get("imageSource").asText());
            assertEquals(2, resumed.get("generation").asLong());
            Instance second = box(aws, resumed.get("instanceId").asText());
            assertEquals(saved, second.imageId(), "the box boots the project's own arm64 AMI");
            assertEquals("t4g.small", second.instanceTypeAsString());
        }
    }

    @Test
    void an_image_of_an_owner_the_stack_does_not_list_is_refused_with_nothing_changed(LocalAws aws) throws Exception {
        try (PipelineWorld world = new PipelineWorld(aws, home)) {
            String before = fingerprint(aws);
            CliRunner.Result r = world.cli.run("launch", "gpu", "--image", LocalAws.GPU_IMAGE);
            assertEquals(ExitCode.USAGE, r.exitCode(), r::toString);
            assertTrue(r.err().contains("AMI " + LocalAws.GPU_IMAGE + " belongs to account " + LocalAws.GPU_IMAGE_OWNER
                    + ", which this stack does not take images from"), r::toString);
            assertTrue(r.err().contains("AllowedImageOwners"), r::toString);
            CliRunner.Result bad = world.cli.run("launch", "gpu", "--image", "snap-0123456789");
            assertEquals(ExitCode.USAGE, bad.exitCode(), bad::toString);
            assertTrue(bad.err().contains("--image takes an AMI id"), bad::toString);
            CliRunner.Result badUser = world.cli.run("launch", "gpu", "--ssh-user", "Root");
            assertEquals(ExitCode.USAGE, badUser.exitCode(), badUser::toString);
            assertTrue(badUser.err().contains("--ssh-user 'Root' is not a Linux user name"), badUser::toString);
            assertEquals(before, fingerprint(aws), "a refused launch changed nothing");
        }
    }

    @Test
    void an_allowed_owners_image_starts_a_new_project_whose_ssh_user_is_remembered(LocalAws aws) throws Exception {
        Map<String, String> rules = Map.of(AdminPolicy.ALLOWED_IMAGE_OWNERS, LocalAws.GPU_IMAGE_OWNER);
        try (PipelineWorld world = new PipelineWorld(aws, home, rules)) {
            CliRunner cli = world.cli;
            JsonNode launched = world.json(cli.run("launch", "gpu", "--image", LocalAws.GPU_IMAGE, "--ssh-user", "dev",
                    "--instance-type", "m7i.large", "-o", "json"));
            assertEquals("image", launched.get("imageSource").asText());
            assertEquals("dev", launched.get("sshUser").asText());
            assertTrue(launched.get("sshCommand").asText().matches("ssh .* dev@\\S+"), launched.toString());
            assertEquals(LocalAws.GPU_IMAGE, box(aws, launched.get("instanceId").asText()).imageId());

            CliRunner.Result ssh = cli.run("ssh", "gpu", "--print");
            assertEquals(ExitCode.OK, ssh.exitCode(), ssh::toString);
            assertTrue(ssh.out().strip().matches(".* dev@\\S+$"), ssh::toString);
            assertTrue(cli.run("ssh", "gpu", "--print", "--user", "root").out().strip().matches(".* root@\\S+$"),
                    "--user still overrides");
            CliRunner.Result config = cli.run("ssh-config", "--print");
            assertEquals(ExitCode.OK, config.exitCode(), config::toString);
            assertTrue(config.out().contains("User dev"), config::toString);

            world.json(cli.run("terminate", "gpu", "--wait", "--timeout", "2", "-o", "json"));
            awaitCleanup(aws, "gpu");
            String before = fingerprint(aws);
            CliRunner.Result again = cli.run("launch", "gpu", "--image", LocalAws.GPU_IMAGE);
            assertEquals(ExitCode.CONFLICT, again.exitCode(), again::toString);
            assertTrue(again.err().contains("Project 'gpu' has saved generations and resumes from its own AMI:"
                    + " --image is only for a new project."), again::toString);
            CliRunner.Result otherUser = cli.run("launch", "gpu", "--ssh-user", "ubuntu");
            assertEquals(ExitCode.CONFLICT, otherUser.exitCode(), otherUser::toString);
            assertTrue(otherUser.err().contains("Project 'gpu' logs in as 'dev'"), otherUser::toString);
            assertEquals(before, fingerprint(aws), "a refused launch changed nothing");

            JsonNode resumed = world.json(cli.run("launch", "gpu", "--instance-type", "m7i.large", "-o", "json"));
            assertEquals("project", resumed.get("imageSource").asText());
            assertEquals("dev", resumed.get("sshUser").asText(), "the saved project keeps its user");
            assertTrue(resumed.get("sshCommand").asText().contains(" dev@"), resumed.toString());
        }
    }
}
