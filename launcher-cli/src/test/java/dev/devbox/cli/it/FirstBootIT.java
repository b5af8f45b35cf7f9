package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.cli.project.BoxUserData;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.testing.WorldFingerprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * First-boot setup across a save, with the real pipeline ({@link PipelineWorld}): `--user-data`
 * and `--dotfiles` reach a new project's first box, are refused once the project has saved work
 * (changing nothing), and a plain launch resumes it with devbox's own user data only.
 */
@ExtendWith(EmulatorExtension.class)
class FirstBootIT {
    @TempDir
    Path home;

    PipelineWorld world;
    CliRunner cli;
    Ec2Requests runs;

    @BeforeEach
    void start(LocalAws aws) {
        world = new PipelineWorld(aws, home);
        runs = new Ec2Requests();
        world.controlEc2.add(runs);
        cli = world.cli;
    }

    @AfterEach
    void stop() {
        world.close();
    }

    String lastUserData() {
        List<RunInstancesRequest> sent = runs.of(RunInstancesRequest.class);
        assertFalse(sent.isEmpty(), "no RunInstances was sent");
        return BoxUserData.decode(sent.get(sent.size() - 1).userData());
    }

    /** Waits for the cleanup after a save to finish: the world is still until then. */
    void awaitCleanup() throws InterruptedException {
        var projects = dev.devbox.adapter.dynamodb.DynamoDbStores.projectStore(world.aws.dynamo(),
                LocalStack.tableName(PipelineWorld.STACK));
        var key = dev.devbox.domain.ProjectName.of(PipelineWorld.key("alpha"));
        for (int i = 0; i < 100 && projects.find(key).orElseThrow().cleanupPending(); i++) {
            Thread.sleep(100);
        }
        assertFalse(projects.find(key).orElseThrow().cleanupPending(), "the cleanup did not finish");
    }

    String worldNow() {
        return WorldFingerprint.of(world.aws, LocalStack.tableName(PipelineWorld.STACK));
    }

    @Test
    void first_boot_setup_runs_on_the_new_project_only_and_a_saved_project_refuses_it_changing_nothing()
            throws Exception {
        Path script = Files.writeString(home.resolve("setup.sh"), "#!/bin/bash\napt-get install -y ripgrep\n");
        world.json(cli.run("launch", "alpha", "--user-data", script.toString(), "--dotfiles",
                "git@github.com:you/dotfiles.git", "-o", "json"));
        String first = lastUserData();
        assertTrue(first.startsWith("Content-Type: multipart/mixed;"), first);
        assertTrue(first.contains("apt-get install -y ripgrep") && first.contains("git@github.com:you/dotfiles.git"));
        JsonNode saved = world.json(cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
        assertTrue(saved.get("imageId").asText().startsWith("ami-"), saved::toString);

        awaitCleanup();
        int launchesBefore = runs.of(RunInstancesRequest.class).size();
        String before = worldNow();
        for (List<String> asked : List.of(List.of("--user-data", script.toString()),
                List.of("--dotfiles", "https://github.com/you/dotfiles.git"))) {
            List<String> args = new java.util.ArrayList<>(List.of("launch", "alpha"));
            args.addAll(asked);
            CliRunner.Result refused = cli.run(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, refused.exitCode(), refused::toString);
            assertTrue(refused.err().contains("'alpha' has saved work (generation 1)")
                    && refused.err().contains("run only at a new project's first boot"), refused::toString);
        }
        CliRunner.Result rollback = cli.run("launch", "alpha", "--from", "1", "--user-data", script.toString());
        assertEquals(ExitCode.USAGE, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.err().contains("--from starts from a saved generation"), rollback::toString);
        assertEquals(launchesBefore, runs.of(RunInstancesRequest.class).size(), "no box started");
        assertEquals(before, worldNow(), "nothing changed");

        JsonNode resumed = world.json(cli.run("launch", "alpha", "-o", "json"));
        assertEquals("project", resumed.get("imageSource").asText());
        String again = lastUserData();
        // devbox's own script alone; it differs from a new project's only by the last box's ending it carries.
        assertEquals(BoxUserData.render(60), again.replaceFirst("prepare 'cli 1 [0-9T:.Z-]+'", "prepare ''"),
                "a resumed box gets devbox's own user data only");
        world.json(cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
    }

    @Test
    void a_new_project_name_takes_a_first_boot_setup_while_another_project_is_saved() throws Exception {
        world.json(cli.run("launch", "alpha", "-o", "json"));
        world.json(cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
        Path config = Files.writeString(home.resolve("c.yaml"), "#cloud-config\npackages: [jq]\n");
        world.json(cli.run("launch", "beta", "--user-data", config.toString(), "-o", "json"));
        assertTrue(lastUserData().contains("text/cloud-config"));
        world.json(cli.run("terminate", "beta", "--wait", "--timeout", "2", "-o", "json"));
    }
}
