package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * `devbox history` and `devbox launch --from`, with the real pipeline saving every box under the history
 * oracle ({@link PipelineWorld}); and storage cost.
 */
@ExtendWith(EmulatorExtension.class)
class RollbackIT {
    @TempDir
    Path home;

    PipelineWorld world;
    LocalAws aws;
    CliRunner cli;

    @BeforeEach
    void start(LocalAws aws) {
        this.aws = aws;
        world = new PipelineWorld(aws, home);
        cli = world.cli;
    }

    @AfterEach
    void stop() {
        world.close();
    }

    JsonNode json(CliRunner.Result r) throws Exception {
        return world.json(r);
    }

    /** Launches (with extra args) and saves one generation; returns the saved AMI. */
    String cycle(String... launchArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("launch", "alpha", "-o", "json"));
        args.addAll(List.of(launchArgs));
        json(cli.run(args.toArray(String[]::new)));
        return json(cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json")).get("imageId").asText();
    }

    /** Waits for the cleanup after the last READY (retention) to finish, as `--from` requires. */
    void awaitCleanup() throws InterruptedException {
        var projects = dev.devbox.adapter.dynamodb.DynamoDbStores.projectStore(aws.dynamo(),
                dev.devbox.cli.local.LocalStack.tableName(PipelineWorld.STACK));
        for (int i = 0; i < 100 && projects.find(dev.devbox.domain.ProjectName.of(PipelineWorld.key("alpha"))).orElseThrow().cleanupPending(); i++) {
            Thread.sleep(100);
        }
    }

    Set<String> projectImages() {
        Set<String> ids = new TreeSet<>();
        aws.ec2().describeImages(r -> r.owners("self")).images().stream().map(Image::imageId).forEach(ids::add);
        return ids;
    }

    @Test
    void history_lists_the_retained_generations_and_launch_from_an_older_one_rolls_back_without_deleting() throws Exception {
        String g1 = cycle();
        String g2 = cycle();

        JsonNode history = json(cli.run("history", "alpha", "-o", "json"));
        assertEquals(2, history.get("currentGeneration").asLong());
        JsonNode gens = history.get("generations");
        assertEquals(2, gens.size());
        assertEquals(1, gens.get(0).get("generation").asLong());
        assertEquals(g1, gens.get(0).get("imageId").asText());
        assertFalse(gens.get(0).get("current").asBoolean());
        assertEquals(g2, gens.get(1).get("imageId").asText());
        assertTrue(gens.get(1).get("current").asBoolean());
        assertEquals(20, gens.get(1).get("sizeGiB").asLong(), "from the AMI's mappings");
        assertFalse(gens.get(1).get("recordedAt").asText().isEmpty());

        CliRunner.Result text = cli.run("history", "alpha");
        assertEquals(ExitCode.OK, text.exitCode(), text::toString);
        assertTrue(text.out().contains("20 GiB") && text.out().contains("current"), text::toString);

        Set<String> imagesBefore = projectImages();
        JsonNode rolled = json(cli.run("launch", "alpha", "--from", "1", "-o", "json"));
        assertEquals(g1, rolled.get("imageId").asText());
        assertEquals(1, rolled.get("imageGeneration").asLong());
        assertEquals(3, rolled.get("generation").asLong(), "a rollback is a new cycle");
        Instance box = aws.ec2().describeInstances(r -> r.instanceIds(rolled.get("instanceId").asText()))
                .reservations().get(0).instances().get(0);
        assertEquals(g1, box.imageId(), "the box boots generation 1's AMI");
        assertEquals(imagesBefore, projectImages(), "the rollback itself deletes nothing");

        String g3 = json(cli.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json")).get("imageId").asText();
        JsonNode after = json(cli.run("history", "alpha", "-o", "json"));
        assertEquals(3, after.get("currentGeneration").asLong(), "the save after a rollback is the newest generation");
        assertEquals(List.of(1L, 2L, 3L), longs(after.get("generations"), "generation"));
        assertEquals(g3, after.get("generations").get(2).get("imageId").asText());
        JsonNode status = json(cli.run("status", "alpha", "-o", "json"));
        assertEquals(g3, status.get("imageId").asText(), "the next plain launch starts from the rollback's save");
    }

    @Test
    void launch_from_a_generation_that_is_not_retained_lists_the_ones_that_are_and_changes_nothing() throws Exception {
        cycle();
        cycle();
        awaitCleanup(); // until then --from is refused as "still cleaning up", whatever the generation
        JsonNode before = json(cli.run("status", "alpha", "-o", "json"));
        CliRunner.Result r = cli.run("launch", "alpha", "--from", "7");
        assertEquals(ExitCode.NOT_FOUND, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Generation 7 of 'alpha' is not retained: the retained ones are 1, 2"), r::toString);
        JsonNode after = json(cli.run("status", "alpha", "-o", "json"));
        assertEquals(before.get("state"), after.get("state"));
        assertEquals(before.get("generation"), after.get("generation"), "not claimed");

        CliRunner.Result unknown = cli.run("launch", "nosuch", "--from", "1");
        assertEquals(ExitCode.NOT_FOUND, unknown.exitCode(), unknown::toString);
        CliRunner.Result zero = cli.run("launch", "alpha", "--from", "0");
        assertEquals(ExitCode.USAGE, zero.exitCode(), zero::toString);
    }

    @Test
    void saved_snapshots_have_a_monthly_storage_estimate_in_list_and_status() throws Exception {
        cycle();
        JsonNode status = json(cli.run("status", "alpha", "-o", "json"));
        JsonNode storage = status.get("snapshotStorage");
        assertEquals(1, storage.get("snapshots").asInt());
        assertEquals("UPPER_BOUND", storage.get("basis").asText());
        // 20 GiB at us-east-1's 0.05 USD per GB-month
        assertEquals(0, storage.get("usdPerMonth").decimalValue().compareTo(new java.math.BigDecimal("1.00")),
                storage::toString);
        CliRunner.Result text = cli.run("status", "alpha");
        assertTrue(text.out().contains("about $1.00/month for 1 snapshot(s), 20 GB (at most)"), text::toString);

        JsonNode list = json(cli.run("list", "-o", "json"));
        assertEquals(1, list.get(0).get("retainedGenerations").asInt());
        assertEquals(0, list.get(0).get("snapshotStorage").get("usdPerMonth").decimalValue()
                .compareTo(new java.math.BigDecimal("1.00")));
        assertTrue(cli.run("list").out().contains("≤$1.00/mo"));
    }

    static List<Long> longs(JsonNode array, String field) {
        List<Long> values = new ArrayList<>();
        array.forEach(n -> values.add(n.get(field).asLong()));
        return values;
    }
}
