package dev.devbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.adapter.dynamodb.DynamoDbStores;
import dev.devbox.adapter.dynamodb.TableSchema;
import dev.devbox.bench.child.SdkTimer;
import dev.devbox.diagnostics.SdkCallCounter;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.events.Delivery;
import dev.devbox.emulator.events.LocalEventSource;
import dev.devbox.event.InstanceStateChange;
import dev.devbox.pipeline.Pipeline;
import dev.devbox.pipeline.PipelineConfig;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.EventPublisher;
import dev.devbox.port.ProjectStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One emulator-backed devbox world for the benchmarks: a table made with TableSchema, the
 * pipeline over clients that carry the shared SdkCallCounter and the bench's SdkTimer, a
 * stand-in for `devbox launch`, and an event source whose events go to the pipeline, or to a
 * sink the benchmark chooses (to time a handler, or to hand the event to a cold-start child).
 */
public final class World implements AutoCloseable {
    public static final String STACK = "bench";
    public final String stack;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong TABLES = new AtomicLong();

    public final LocalAws aws;
    public final String table;
    public final SdkCallCounter counter = new SdkCallCounter();
    public final Ec2Client ec2;
    public final DynamoDbClient dynamo;
    public final Pipeline pipeline;
    public final ProjectStore projects;
    public final LocalEventSource events;
    public final Clock clock;
    private volatile Consumer<String> sink;

    /** A projectReady/projectFailed counter standing in for EventBridge (the bench does not time PutEvents). */
    public final AtomicLong ready = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();

    public World(LocalAws aws, Clock clock) {
        this(aws, clock, STACK, "devbox-bench-" + TABLES.incrementAndGet());
    }

    /** On a given stack name and table (created if missing), e.g. the CLI's local stack. */
    public World(LocalAws aws, Clock clock, String stack, String table) {
        this.aws = aws;
        this.clock = clock;
        this.stack = stack;
        this.table = table;
        this.ec2 = aws.configure(Ec2Client.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter).addExecutionInterceptor(new SdkTimer()))
                .build();
        this.dynamo = aws.configure(DynamoDbClient.builder())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter).addExecutionInterceptor(new SdkTimer()))
                .build();
        // Only create what is missing: TableSchema.create before 5bd5a37 failed on an existing
        // table with TTL on ("TimeToLive is already enabled"), and skipping is cheaper anyway.
        if (!aws.dynamo().listTables().tableNames().contains(table)) {
            TableSchema.create(aws.dynamo(), table);
        }
        EventPublisher publisher = new EventPublisher() {
            @Override
            public void projectReady(CycleRef cycle, String imageId) {
                ready.incrementAndGet();
            }

            @Override
            public void projectFailed(CycleRef cycle, Failure failure) {
                failed.incrementAndGet();
                System.err.println("bench: project failed: " + cycle + ": " + failure);
            }
        };
        StepLog quiet = new StepLog(new PrintStream(OutputStream.nullOutputStream()));
        this.pipeline = Pipeline.create(new PipelineConfig(ec2, dynamo, publisher, table,
                PipelineSettings.defaults(stack), clock, quiet));
        this.projects = DynamoDbStores.projectStore(aws.dynamo(), table);
        this.events = new LocalEventSource(aws.ec2(), aws.region().id(), aws.account());
        this.sink = pipeline::dispatch;
        events.subscribe(Set.of(), json -> sink.accept(json));
        events.prime();
    }

    /** Where events go from now on (the pipeline by default). */
    public void route(Consumer<String> newSink) {
        this.sink = newSink;
    }

    public void routeToPipeline() {
        this.sink = pipeline::dispatch;
    }

    /** The first {@code n} of /dev/sda1 (root, gp3 20 GiB), /dev/sdf.. (gp3 10 GiB each). */
    public static List<BlockDeviceMapping> volumes(int n) {
        List<BlockDeviceMapping> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String device = i == 0 ? "/dev/sda1" : "/dev/sd" + (char) ('f' + i - 1);
            int size = i == 0 ? 20 : 10;
            all.add(BlockDeviceMapping.builder().deviceName(device)
                    .ebs(e -> e.volumeSize(size).volumeType(VolumeType.GP3).encrypted(true).deleteOnTermination(false))
                    .build());
        }
        return all;
    }

    /** What `devbox launch` does: claim, RunInstances with devbox's tags, record RUNNING. Returns the instance id. */
    public String launch(String name, int volumeCount) {
        // Owned by the emulator's caller (its access key id): the CLI lists only the caller's projects.
        String owner = aws.environment().get("AWS_ACCESS_KEY_ID");
        Project claimed = projects.claimLaunch(ProjectName.of(name), owner, clock.instant());
        CycleRef cycle = claimed.cycle();
        String image = claimed.image().orElse(LocalAws.UBUNTU_2404_AMD64);
        List<Tag> tags = List.of(tag(ResourceNames.TAG_STACK, stack), tag(ResourceNames.TAG_PROJECT, name),
                tag(ResourceNames.TAG_GENERATION, Long.toString(cycle.generation())), tag(ResourceNames.TAG_OWNER, owner));
        Instance instance = aws.ec2().runInstances(b -> b.imageId(image).minCount(1).maxCount(1).instanceType("t3.small")
                        .blockDeviceMappings(claimed.image().isPresent() ? List.of() : volumes(volumeCount))
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build()))
                .instances().get(0);
        projects.recordLaunched(cycle, instance.instanceId(), clock.instant());
        // As `devbox launch` does: record the mapping now, since the event source may have seen the box
        // `running` before recordLaunched made it known (that event was then ignored as foreign).
        pipeline.instanceEvents().handle(new InstanceStateChange(instance.instanceId(), "running"));
        return instance.instanceId();
    }

    public void terminate(String instanceId) {
        aws.ec2().terminateInstances(b -> b.instanceIds(instanceId));
    }

    /** Polls until nothing is delivered or held back; fails on any failed delivery. */
    public List<Delivery> settle() {
        List<Delivery> all = new ArrayList<>();
        for (int round = 0; round < 60; round++) {
            List<Delivery> batch = events.poll();
            all.addAll(batch);
            for (Delivery d : batch) {
                if (d.outcome() == Delivery.Outcome.FAILED) {
                    throw new IllegalStateException("delivery failed: " + d.event() + ": " + d.error());
                }
            }
            if (batch.isEmpty() && events.heldBack() == 0) {
                return all;
            }
        }
        throw new IllegalStateException("events did not settle");
    }

    /**
     * Settles with every event going to the pipeline except the first one {@code wanted} accepts,
     * which is kept (not delivered) and returned; that is the event a cold-start child will handle.
     */
    public String settleHolding(Predicate<JsonNode> wanted) {
        String[] held = new String[1];
        route(json -> {
            if (held[0] == null && wanted.test(parse(json))) {
                held[0] = json;
            } else {
                pipeline.dispatch(json);
            }
        });
        try {
            settle();
        } finally {
            routeToPipeline();
        }
        if (held[0] == null) {
            throw new IllegalStateException("the awaited event never came");
        }
        return held[0];
    }

    /** The project a resource lookup item names (docs/data-model.md), or null. */
    public String lookupProject(String pk) {
        var item = aws.dynamo().getItem(b -> b.tableName(table).consistentRead(true).key(java.util.Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(pk),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("LOOKUP")))).item();
        return item == null || !item.containsKey("project") ? null : item.get("project").s();
    }

    public Project project(String name) {
        return projects.find(ProjectName.of(name)).orElseThrow();
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** "instance:terminated", "snapshot:createSnapshot", "image:available"... */
    public static String kind(JsonNode event) {
        String type = event.path("detail-type").asText();
        JsonNode d = event.path("detail");
        return switch (type) {
            case "EC2 Instance State-change Notification" -> "instance:" + d.path("state").asText();
            case "EC2 AMI State Change" -> "image:" + d.path("State").asText();
            default -> "snapshot:" + d.path("event").asText() + ":" + d.path("result").asText();
        };
    }

    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    @Override
    public void close() {
        events.close();
        ec2.close();
        dynamo.close();
    }
}
