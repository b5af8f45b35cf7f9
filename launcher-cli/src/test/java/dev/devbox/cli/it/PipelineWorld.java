package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.local.LocalRuntime;
import dev.devbox.emulator.events.EventSink;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.cli.ssh.OpenSshKeys;
import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.devbox.adapter.dynamodb.DynamoDbStores;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.testing.Ec2State;
import dev.devbox.testing.History;
import dev.devbox.testing.HistoryInterceptor;
import dev.devbox.testing.Invariants.Box;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * One test's world with the real pipeline running in-process (events, handlers, reconciler): the
 * emulator, a bootstrapped stack "devbox", and a user with an SSH key. The history oracle judges every
 * mutating EC2 call the pipeline makes as it is made, against the boxes the CLI launched; {@link #close}
 * fails the test on any violation and on the end-state invariants.
 */
final class PipelineWorld implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String STACK = "devbox";

    final LocalAws aws;
    final LocalRuntime runtime;
    final CliRunner cli;
    final ByteArrayOutputStream pipelineLog = new ByteArrayOutputStream();
    /** One line per event and per devbox notification, as `devbox local` narrates them. */
    final List<String> narration = new CopyOnWriteArrayList<>();
    final LaunchedBoxes launched;
    /** Interceptors on the control plane's EC2 client, which starts and ends the boxes. */
    final ControlEc2Taps controlEc2 = new ControlEc2Taps();
    final History history;

    PipelineWorld(LocalAws aws, Path home) {
        this(aws, home, Map.of());
    }

    /** {@code parameters}: the stack's parameters, as {@code devbox local --parameter} sets them. */
    PipelineWorld(LocalAws aws, Path home, Map<String, String> parameters) {
        this(aws, home, parameters, null);
    }

    /**
     * {@code pipelineFunctions}: where the pipeline's events go instead of the in-process handlers (the
     * packaged functions); the oracle then sees only the end state, as their EC2 calls are their own.
     */
    PipelineWorld(LocalAws aws, Path home, Map<String, String> parameters, EventSink pipelineFunctions) {
        this.aws = aws;
        this.launched = new LaunchedBoxes(aws.ec2());
        String table = LocalStack.tableName(STACK);
        this.history = new History(() -> Ec2State.of(aws.ec2()), DynamoDbStores.projectStore(aws.dynamo(), table),
                DynamoDbStores.cycleStore(aws.dynamo(), table), STACK, PipelineSettings.defaults(STACK).retainImages(),
                launched.boxes);
        this.runtime = LocalRuntime.on(aws, false, STACK, parameters, new PrintStream(pipelineLog, true, StandardCharsets.UTF_8),
                narration::add, List.of(new HistoryInterceptor(history)), List.of(launched, controlEc2),
                pipelineFunctions);
        OpenSshKeys.writeEd25519(home, "tester@devbox");
        this.cli = new CliRunner(runtime.environment(), home);
    }

    /** Waits up to 15 s for a narrated line containing {@code text}. */
    boolean narrationSoonContains(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (narration.stream().anyMatch(l -> l.contains(text))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
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

    /** The developer the CLI runs as in these tests: the emulator's access key id. */
    static final String DEVELOPER = "devboxlocal";

    /** The record key (and tag value) of the tests' developer's project: names are per owner. */
    static String key(String project) {
        return dev.devbox.domain.OwnerNamespace.key(dev.devbox.domain.ProjectName.of(project), DEVELOPER).value();
    }

    /** Every instance (any state) carrying the cycle's tags. */
    List<Instance> instancesOfCycle(String project, long generation) {
        return aws.ec2().describeInstances(r -> r.filters(
                        Filter.builder().name("tag:" + ResourceNames.TAG_STACK).values(STACK).build(),
                        Filter.builder().name("tag:" + ResourceNames.TAG_PROJECT).values(key(project)).build(),
                        Filter.builder().name("tag:" + ResourceNames.TAG_GENERATION).values(Long.toString(generation))
                                .build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    /** Every instance (any state) tagged for the project. */
    List<Instance> instancesOf(String project) {
        return aws.ec2().describeInstances(r -> r.filters(
                        Filter.builder().name("tag:" + ResourceNames.TAG_PROJECT).values(key(project)).build()))
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

    /** The box the user now attaches {@code volumeId} to holds it from now on, for the oracle too. */
    void attached(String instanceId, String device, String volumeId) {
        aws.ec2().attachVolume(r -> r.instanceId(instanceId).device(device).volumeId(volumeId));
        Box box = launched.boxes.stream().filter(b -> b.instanceId().equals(instanceId)).findFirst().orElseThrow();
        launched.boxes.set(launched.boxes.indexOf(box), box.attached(device, volumeId));
    }

    /** Stops the pipeline, then the verdicts: any violation judged on the way, and the end state. */
    @Override
    public void close() {
        runtime.close();
        history.assertClean();
    }
}
