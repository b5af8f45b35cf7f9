package dev.devbox.testing;

import dev.devbox.adapter.dynamodb.DynamoDbStores;
import dev.devbox.adapter.dynamodb.TableSchema;
import dev.devbox.adapter.eventbridge.EventPublishers;
import dev.devbox.diagnostics.SdkCallCounter;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.events.Delivery;
import dev.devbox.emulator.events.FaultPlan;
import dev.devbox.emulator.events.LocalEventSource;
import dev.devbox.pipeline.Pipeline;
import dev.devbox.pipeline.PipelineConfig;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.testing.Invariants.Box;
import dev.devbox.testing.iam.IamCallLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devbox.control.ControlEndpoint;
import dev.devbox.control.ControlPlane;
import dev.devbox.control.ControlSettings;
import dev.devbox.port.BaseImageSource;
import dev.devbox.control.FunctionUrlEvent;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One emulator-backed devbox world: the pipeline wired as the Lambdas are
 * (clients with a call counter and a fault injector, no SDK retries so a fault
 * reaches the handler), an event source feeding it, and a stand-in for the
 * CLI's launch. Tests drive it step by step.
 */
public final class Harness implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String STACK = "it";
    private static final AtomicInteger TABLES = new AtomicInteger();

    public final LocalAws aws;
    public final Ec2Client ec2;
    public final DynamoDbClient dynamo;
    public final SdkCallCounter counter = new SdkCallCounter();
    public final FaultInjector faults = new FaultInjector();
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    public final RecordingPublisher published;
    public final String table = "devbox-it-" + TABLES.incrementAndGet();
    public final ProjectStore projects;
    public final CycleStore cycles;
    public final Pipeline pipeline;
    public final LocalEventSource events;
    public final PipelineSettings settings;
    private final boolean quiet;
    /** Every box the stand-in CLI launched, for the invariants and the history oracle. */
    public final List<Box> boxes = new ArrayList<>();
    /** Judges every mutating EC2 call the pipeline makes, when it makes it. */
    public final History history;
    private final IamCallLog iam;
    private String boxSecurityGroup;
    private String subnet;
    private String launchTemplate;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    public Harness(LocalAws aws) {
        this(aws, PipelineSettings.defaults(STACK), true);
    }

    public Harness(LocalAws aws, PipelineSettings settings, boolean quiet) {
        this.aws = aws;
        this.settings = settings;
        this.quiet = quiet;
        this.projects = DynamoDbStores.projectStore(aws.dynamo(), table);
        this.cycles = DynamoDbStores.cycleStore(aws.dynamo(), table);
        this.history = new History(() -> Ec2State.of(aws.ec2()), projects, cycles, settings.stack(),
                settings.retainImages(), boxes);
        // The oracle judges a call before the fault injector may fail it: an attempt to break an invariant
        // is a violation whether or not EC2 then carries it out.
        // IAM authorizes a call before anything else happens to it, so the IAM log sees faulted calls too.
        this.iam = new IamCallLog(settings.stack(), table, aws.region().id(), aws.account(), aws.ec2());
        this.ec2 = aws.configure(Ec2Client.builder()).overrideConfiguration(o -> o
                .addExecutionInterceptor(counter).addExecutionInterceptor(new HistoryInterceptor(history))
                .addExecutionInterceptor(iam).addExecutionInterceptor(faults)
                .retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        this.dynamo = aws.configure(DynamoDbClient.builder()).overrideConfiguration(o -> o
                .addExecutionInterceptor(counter).addExecutionInterceptor(iam).addExecutionInterceptor(faults)
                .retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        // Published for real too (the emulator's default bus), so that the IAM log sees each PutEvents.
        this.published = new RecordingPublisher(EventPublishers.eventBridge(aws.configure(EventBridgeClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(iam)).build(), "default"));
        TableSchema.create(aws.dynamo(), table);
        StepLog log = quiet ? new StepLog(new PrintStream(OutputStream.nullOutputStream())) : StepLog.stderr();
        this.pipeline = Pipeline.create(new PipelineConfig(ec2, dynamo, published, table, settings, clock, log));
        this.events = new LocalEventSource(aws.ec2(), aws.region().id(), aws.account());
        events.subscribe(Set.of(), this::deliver);
        events.prime();
    }

    /** SDK calls made while handling each detail-type, summed over its events: "detail-type" -> op -> calls. */
    public final Map<String, Map<String, Long>> callsByDetailType = new java.util.TreeMap<>();

    /** Hands one event to the pipeline as the function the template routes it to would receive it. */
    public void dispatch(String eventJson) {
        IamCallLog.duringEvent(eventJson, () -> pipeline.dispatch(eventJson));
    }

    /** One pass of the scheduled reconciler. */
    public void reconcile() {
        IamCallLog.duringSchedule(() -> pipeline.reconciler().reconcile());
    }

    private void deliver(String eventJson) {
        Map<String, Long> before = counter.snapshot();
        try {
            dispatch(eventJson);
        } finally {
            String type = eventJson.replaceAll("(?s).*\"detail-type\"\\s*:\\s*\"([^\"]*)\".*", "$1");
            Map<String, Long> sums = callsByDetailType.computeIfAbsent(type, k -> new java.util.TreeMap<>());
            counter.snapshot().forEach((op, n) -> {
                long delta = n - before.getOrDefault(op, 0L);
                if (delta > 0) {
                    sums.merge(op, delta, Long::sum);
                }
            });
        }
    }

    public Harness withEventFaults(FaultPlan plan, Long reorderSeed) {
        events.withFaults(plan);
        if (reorderSeed != null) {
            events.reorderWithSeed(reorderSeed);
        }
        return this;
    }

    public static BlockDeviceMapping volume(String device, int sizeGiB, VolumeType type) {
        return BlockDeviceMapping.builder().deviceName(device)
                .ebs(e -> e.volumeSize(sizeGiB).volumeType(type).encrypted(true).deleteOnTermination(false)).build();
    }

    public static List<BlockDeviceMapping> volumes(int count) {
        List<BlockDeviceMapping> all = List.of(
                volume("/dev/sda1", 20, VolumeType.GP3),
                volume("/dev/sdf", 50, VolumeType.GP2),
                volume("/dev/sdg", 30, VolumeType.IO1).toBuilder()
                        .ebs(e -> e.volumeSize(30).volumeType(VolumeType.IO1).iops(300).encrypted(true)
                                .deleteOnTermination(false)).build());
        return all.subList(0, count);
    }

    /** What `devbox launch` does: claim, RunInstances (from the project AMI once there is one), record. */
    public Box launch(String name, List<BlockDeviceMapping> mappings) {
        Project claimed = projects.claimLaunch(ProjectName.of(name), "tester", clock.instant());
        CycleRef cycle = claimed.cycle();
        String image = claimed.image().orElse(LocalAws.UBUNTU_2404_AMD64);
        List<Tag> tags = List.of(tag(ResourceNames.TAG_STACK, STACK), tag(ResourceNames.TAG_PROJECT, name),
                tag(ResourceNames.TAG_GENERATION, Long.toString(cycle.generation())), tag(ResourceNames.TAG_OWNER, "tester"));
        Instance instance = aws.ec2().runInstances(b -> b.imageId(image).minCount(1).maxCount(1).instanceType("t3.small")
                .blockDeviceMappings(claimed.image().isPresent() ? List.of() : mappings)
                // Both, as the CLI tags them: the functions' IAM conditions need devbox's stack tag on each volume.
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build(),
                        TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build()))
                .instances().get(0);
        projects.recordLaunched(cycle, instance.instanceId(), clock.instant());
        Map<String, String> volumes = new LinkedHashMap<>();
        aws.ec2().describeInstances(b -> b.instanceIds(instance.instanceId())).reservations().get(0).instances().get(0)
                .blockDeviceMappings().forEach(m -> volumes.put(m.deviceName(), m.ebs().volumeId()));
        Box box = new Box(cycle, instance.instanceId(), volumes);
        boxes.add(box);
        return box;
    }

    /** A box the control plane started (its cycle from its own tags), known to the oracle from now on. */
    public Box startedByControlPlane(String instanceId) {
        Instance instance = aws.ec2().describeInstances(b -> b.instanceIds(instanceId)).reservations().get(0)
                .instances().get(0);
        Map<String, String> tags = new LinkedHashMap<>();
        instance.tags().forEach(t -> tags.put(t.key(), t.value()));
        Map<String, String> volumes = new LinkedHashMap<>();
        instance.blockDeviceMappings().forEach(m -> volumes.put(m.deviceName(), m.ebs().volumeId()));
        Box box = new Box(new CycleRef(ProjectName.of(tags.get(ResourceNames.TAG_PROJECT)),
                Long.parseLong(tags.get(ResourceNames.TAG_GENERATION))), instanceId, volumes);
        boxes.add(box);
        return box;
    }

    /** The user attaches {@code volumeId} to the box: it is the box's from now on, for the oracle too. */
    public Box attached(Box box, String device, String volumeId) {
        aws.ec2().attachVolume(b -> b.volumeId(volumeId).instanceId(box.instanceId()).device(device));
        Box now = box.attached(device, volumeId);
        boxes.set(boxes.indexOf(box), now);
        return now;
    }

    /** The user deletes one of the box's volumes: its loss is the user's doing, not the pipeline's. */
    public Box deletedByUser(Box box, String volumeId) {
        aws.ec2().deleteVolume(b -> b.volumeId(volumeId));
        Box now = box.detached(volumeId);
        boxes.set(boxes.indexOf(box), now);
        return now;
    }

    public void terminate(Box box) {
        aws.ec2().terminateInstances(b -> b.instanceIds(box.instanceId()));
    }

    /** Polls the event source until nothing is delivered and nothing is held back. */
    public List<Delivery> settle() {
        List<Delivery> all = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            List<Delivery> batch = events.poll();
            all.addAll(batch);
            if (!quiet) {
                batch.stream().filter(d -> d.outcome() == Delivery.Outcome.FAILED)
                        .forEach(d -> System.err.println("delivery failed: " + d.event() + ": " + d.error()));
            }
            if (batch.isEmpty() && events.heldBack() == 0) {
                return all;
            }
        }
        throw new AssertionError("events did not settle: " + events.heldBack() + " held back");
    }

    /** Time passes beyond the stuck threshold, the scheduled reconciler runs, events settle. */
    public void reconcileLater() {
        clock.advance(settings.stuckAfter().plusMinutes(1));
        reconcile();
        settle();
    }

    /** A project under its plain key: launched by {@link #launch}, as before names were per owner. */
    public Project project(String name) {
        return projects.find(ProjectName.of(name)).orElseThrow();
    }

    /** {@code owner}'s project {@code name} as the control plane keys it. */
    public Project project(String name, String owner) {
        return projects.find(dev.devbox.domain.OwnerNamespace.key(ProjectName.of(name), owner)).orElseThrow();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    /**
     * The control plane on an EC2 client of its own: its calls are judged by the IAM log (as the
     * function its URL invokes), not by the pipeline's oracle, which forbids the deletes a user asks for.
     */
    public ControlEndpoint control(AdminPolicy policy) {
        return control(policy, dev.devbox.control.PrivateAccess.none());
    }

    /** As {@link #control(AdminPolicy)}, for a stack whose boxes may be private. */
    public ControlEndpoint control(AdminPolicy policy, dev.devbox.control.PrivateAccess privateAccess) {
        String securityGroupId = boxSecurityGroup();
        Ec2Client controlEc2 = aws.configure(Ec2Client.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(iam)).build();
        closeables.add(controlEc2);
        ControlSettings control = new ControlSettings(securityGroupId, launchTemplate, List.of(subnet), null, null,
                java.time.Duration.ofMillis(50));
        // Canonical's public parameter, as SSM would answer it here (the emulator refuses parameters under /aws/).
        BaseImageSource ubuntu = parameter -> parameter.equals(ControlSettings.UBUNTU_PARAMETER)
                ? java.util.Optional.of(LocalAws.UBUNTU_2404_AMD64)
                : parameter.equals(ControlSettings.UBUNTU_ARM64_PARAMETER)
                ? java.util.Optional.of(LocalAws.UBUNTU_2404_ARM64) : java.util.Optional.empty();
        return ControlPlane.endpoint(controlEc2, dynamo, ubuntu, table, settings, control, privateAccess, policy,
                clock, new StepLog(new PrintStream(OutputStream.nullOutputStream())));
    }

    /**
     * The stack's box security group, subnet and launch template, created on first use (the control
     * plane opens port 22 in the group and launches boxes from the template into the subnet).
     */
    public synchronized String boxSecurityGroup() {
        if (boxSecurityGroup == null) {
            String vpc = aws.ec2().createVpc(r -> r.cidrBlock("10.9.0.0/16")).vpc().vpcId();
            boxSecurityGroup = aws.ec2().createSecurityGroup(r -> r.vpcId(vpc).groupName(table + "-box")
                    .description("devbox boxes")).groupId();
            subnet = aws.ec2().createSubnet(r -> r.vpcId(vpc).cidrBlock("10.9.0.0/20")).subnet().subnetId();
            launchTemplate = aws.ec2().createLaunchTemplate(r -> r.launchTemplateName(table + "-box")
                    .launchTemplateData(d -> d.instanceType("t3.small"))).launchTemplate().launchTemplateId();
            iam.boxSecurityGroup(boxSecurityGroup);
            iam.launchTemplate(launchTemplate, vpc);
        }
        return boxSecurityGroup;
    }

    /** One signed request to the control plane: the function URL response (statusCode, body). */
    public JsonNode call(ControlEndpoint endpoint, String caller, String action, String project, String owner) {
        return call(endpoint, caller, null, JSON.createObjectNode().put("action", action).put("project", project)
                .put("owner", owner));
    }

    /** As {@link #call(ControlEndpoint, String, String, String, String)}, from {@code sourceIp}, with any body. */
    public JsonNode call(ControlEndpoint endpoint, String caller, String sourceIp, ObjectNode body) {
        String[] response = new String[1];
        IamCallLog.duringControl(() -> response[0] = endpoint.handle(FunctionUrlEvent.of("POST", caller, sourceIp,
                body.toString())));
        try {
            JsonNode reply = JSON.readTree(response[0]);
            ((ObjectNode) reply).set("body", JSON.readTree(reply.path("body").asText()));
            return reply;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Ends the scenario: every call was already judged as it was made; now the end state and the verdicts. */
    @Override
    public void close() {
        try {
            history.assertClean();
        } finally {
            events.close();
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            ec2.close();
            dynamo.close();
        }
    }
}
