package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.local.LocalRuntime;
import dev.devbox.cli.ssh.OpenSshKeys;
import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * One test's world with the real pipeline running in-process (events, handlers, reconciler): the
 * emulator, a bootstrapped stack "devbox", and a user with an SSH key.
 */
final class PipelineWorld implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String STACK = "devbox";

    final LocalAws aws;
    final LocalRuntime runtime;
    final CliRunner cli;
    final ByteArrayOutputStream pipelineLog = new ByteArrayOutputStream();

    PipelineWorld(LocalAws aws, Path home) {
        this.aws = aws;
        this.runtime = LocalRuntime.on(aws, false, STACK, new PrintStream(pipelineLog, true, StandardCharsets.UTF_8),
                line -> { });
        OpenSshKeys.writeEd25519(home, "tester@devbox");
        this.cli = new CliRunner(runtime.environment(), home);
    }

    /** The command's JSON output, after asserting it exited OK. */
    JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(ExitCode.OK, r.exitCode(), () -> r + "\npipeline log:\n" + pipelineLog);
        return JSON.readTree(r.out());
    }

    Instance instance(String instanceId) {
        return aws.ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    Image image(String imageId) {
        return aws.ec2().describeImages(r -> r.imageIds(imageId)).images().get(0);
    }

    /** Every instance (any state) carrying the cycle's tags. */
    List<Instance> instancesOfCycle(String project, long generation) {
        return aws.ec2().describeInstances(r -> r.filters(
                        Filter.builder().name("tag:" + ResourceNames.TAG_STACK).values(STACK).build(),
                        Filter.builder().name("tag:" + ResourceNames.TAG_PROJECT).values(project).build(),
                        Filter.builder().name("tag:" + ResourceNames.TAG_GENERATION).values(Long.toString(generation))
                                .build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    /** Every instance (any state) tagged for the project. */
    List<Instance> instancesOf(String project) {
        return aws.ec2().describeInstances(r -> r.filters(
                        Filter.builder().name("tag:" + ResourceNames.TAG_PROJECT).values(project).build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    /** Stops the box as `aws ec2 stop-instances` would, and waits until EC2 reports it stopped. */
    void stop(String instanceId) throws InterruptedException {
        aws.ec2().stopInstances(r -> r.instanceIds(instanceId));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"stopped".equals(instance(instanceId).state().nameAsString())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(instanceId + " did not stop: " + instance(instanceId).state());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
