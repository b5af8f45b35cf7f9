package dev.devbox.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.adapter.eventbridge.EventPublishers;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.events.EventSink;
import dev.devbox.emulator.events.LocalEventSource;
import dev.devbox.pipeline.Pipeline;
import dev.devbox.pipeline.PipelineConfig;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.EventPublisher;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Local mode in one object: the emulator with a bootstrapped stack, the control plane on
 * loopback, the pipeline's three handlers and its reconciler in-process, and the event source that turns what happens in the
 * emulated EC2 (whoever caused it: devbox, the aws CLI, an SDK) into the EventBridge events that
 * drive them. `devbox local` and `devbox demo` run it; so do the lifecycle tests.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalAws aws;
    private final boolean ownsEmulator;
    private final String stack;
    private final Map<String, String> outputs;
    private final LocalEventSource events;
    private final ScheduledExecutorService reconciler;
    private final EventBridgeClient publisherClient;
    private final Ec2Client pipelineEc2;
    private final LocalControlPlane control;

    private LocalRuntime(LocalAws aws, boolean ownsEmulator, String stack, Map<String, String> outputs,
                         LocalEventSource events, ScheduledExecutorService reconciler, EventBridgeClient publisherClient,
                         Ec2Client pipelineEc2, LocalControlPlane control) {
        this.aws = aws;
        this.ownsEmulator = ownsEmulator;
        this.stack = stack;
        this.outputs = outputs;
        this.events = events;
        this.reconciler = reconciler;
        this.publisherClient = publisherClient;
        this.pipelineEc2 = pipelineEc2;
        this.control = control;
    }

    /** Starts a fresh emulator (installing it on first use) and everything on it. */
    public static LocalRuntime start(String stack, PrintStream pipelineLog, Consumer<String> narrator) {
        return start(stack, Map.of(), pipelineLog, narrator);
    }

    /** As {@link #start(String, PrintStream, Consumer)}, with stack parameters ({@link LocalStack#PARAMETERS}). */
    public static LocalRuntime start(String stack, Map<String, String> parameters, PrintStream pipelineLog,
                                     Consumer<String> narrator) {
        LocalAws aws = quietly(LocalAws::start);
        try {
            return on(aws, true, stack, parameters, pipelineLog, narrator, List.of(), List.of());
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    /**
     * Runs on an emulator the caller owns (tests share one). {@code narrator} hears one line per
     * event and per devbox notification, for people to follow.
     */
    public static LocalRuntime on(LocalAws aws, boolean ownsEmulator, String stack, PrintStream pipelineLog,
                                  Consumer<String> narrator) {
        return on(aws, ownsEmulator, stack, Map.of(), pipelineLog, narrator, List.of(), List.of());
    }

    /**
     * As {@link #on(LocalAws, boolean, String, PrintStream, Consumer)}, with {@code pipelineEc2Interceptors} on
     * the pipeline's own EC2 client only (tests judge every call the pipeline makes, and nobody else's)
     * and {@code controlEc2Interceptors} on the control plane's, which starts and ends the boxes.
     */
    public static LocalRuntime on(LocalAws aws, boolean ownsEmulator, String stack, Map<String, String> parameters,
                                  PrintStream pipelineLog, Consumer<String> narrator,
                                  List<ExecutionInterceptor> pipelineEc2Interceptors,
                                  List<ExecutionInterceptor> controlEc2Interceptors) {
        return on(aws, ownsEmulator, stack, parameters, pipelineLog, narrator, pipelineEc2Interceptors,
                controlEc2Interceptors, null);
    }

    /**
     * As above, with the pipeline's events handed to {@code pipelineFunctions} instead of the in-process
     * handlers (null: in-process): tests run the functions as Lambda packages and runs them. The
     * reconciler stays in-process.
     */
    public static LocalRuntime on(LocalAws aws, boolean ownsEmulator, String stack, Map<String, String> parameters,
                                  PrintStream pipelineLog, Consumer<String> narrator,
                                  List<ExecutionInterceptor> pipelineEc2Interceptors,
                                  List<ExecutionInterceptor> controlEc2Interceptors, EventSink pipelineFunctions) {
        Map<String, String> optional = new LinkedHashMap<>(LocalStack.outputsFor(parameters));
        LocalControlPlane control = LocalControlPlane.listen();
        optional.putAll(control.outputs());
        Map<String, String> outputs;
        try {
            outputs = LocalStack.bootstrap(aws, stack, optional);
            control.serve(aws, stack, outputs, pipelineLog, controlEc2Interceptors);
        } catch (RuntimeException e) {
            control.close();
            throw e;
        }
        EventBridgeClient eventBridgeClient = aws.configure(EventBridgeClient.builder()).build();
        EventPublisher eventBridge = EventPublishers.eventBridge(eventBridgeClient, outputs.get("EventBusName"));
        EventPublisher publisher = new EventPublisher() {
            @Override
            public void projectReady(CycleRef cycle, String imageId) {
                eventBridge.projectReady(cycle, imageId);
                narrator.accept("devbox event: Project Ready " + cycle.project() + " g" + cycle.generation() + " " + imageId);
            }

            @Override
            public void projectFailed(CycleRef cycle, Failure failure) {
                eventBridge.projectFailed(cycle, failure);
                narrator.accept("devbox event: Project Failed " + cycle.project() + " g" + cycle.generation()
                        + " in " + failure.stage() + ": " + failure.reason());
            }
        };
        Ec2Client pipelineEc2 = aws.configure(Ec2Client.builder())
                .overrideConfiguration(o -> pipelineEc2Interceptors.forEach(o::addExecutionInterceptor)).build();
        Pipeline pipeline = Pipeline.create(new PipelineConfig(pipelineEc2, aws.dynamo(), publisher,
                outputs.get("TableName"), PipelineSettings.defaults(stack), Clock.systemUTC(), new StepLog(pipelineLog)));

        LocalEventSource events = new LocalEventSource(aws.ec2(), aws.region().id(), aws.account());
        events.subscribe(Set.of(), json -> narrator.accept("AWS event: " + summarize(json)));
        events.subscribe(Set.of(), pipelineFunctions != null ? pipelineFunctions : pipeline::dispatch);
        events.onPollError(e -> narrator.accept("event source: " + e.getMessage()));
        events.start(Duration.ofMillis(250));

        // As the stack's schedule does, in case an event was lost: only cycles stuck past the threshold move.
        ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devbox-local-reconciler");
            t.setDaemon(true);
            return t;
        });
        reconciler.scheduleWithFixedDelay(() -> {
            try {
                pipeline.reconciler().reconcile();
            } catch (RuntimeException e) {
                narrator.accept("reconciler: " + e.getMessage());
            }
        }, 60, 60, TimeUnit.SECONDS);
        return new LocalRuntime(aws, ownsEmulator, stack, outputs, events, reconciler, eventBridgeClient, pipelineEc2,
                control);
    }

    public LocalAws aws() {
        return aws;
    }

    public Map<String, String> outputs() {
        return outputs;
    }

    /** Where the emulator listens, for people to read. */
    public String endpoints() {
        return "moto at " + aws.motoEndpoint() + ", DynamoDB Local at " + aws.dynamoEndpoint();
    }

    /** A box as the demo checks it, straight from the emulator's EC2. */
    public record SeenBox(String instanceId, String imageId, String state) {
    }

    /** The pending or running box tagged for the project key, if any. */
    public Optional<SeenBox> liveBox(String projectKey) {
        return aws.ec2().describeInstances(r -> r.filters(
                        Filter.builder().name("tag:" + ResourceNames.TAG_PROJECT).values(projectKey).build(),
                        Filter.builder().name("instance-state-name").values("pending", "running").build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).findFirst()
                .map(i -> new SeenBox(i.instanceId(), i.imageId(), i.state().nameAsString()));
    }

    /** What is left in EC2 of a project key: boxes not terminated, AMIs, snapshots, volumes. */
    public record Remnants(long boxes, int images, int snapshots, int volumes) {
        public long total() {
            return boxes + images + snapshots + volumes;
        }
    }

    public Remnants remnants(String projectKey) {
        Ec2Client ec2 = aws.ec2();
        List<Filter> ours = List.of(Filter.builder().name("tag:" + ResourceNames.TAG_PROJECT).values(projectKey).build());
        long boxes = ec2.describeInstances(r -> r.filters(ours)).reservations().stream()
                .flatMap(r -> r.instances().stream()).filter(i -> !i.state().nameAsString().equals("terminated")).count();
        return new Remnants(boxes, ec2.describeImages(r -> r.owners("self").filters(ours)).images().size(),
                ec2.describeSnapshots(r -> r.ownerIds("self").filters(ours)).snapshots().size(),
                ec2.describeVolumes(r -> r.filters(ours)).volumes().size());
    }

    /** What any client needs to see this world; DEVBOX_STACK only when not the default name. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(aws.environment());
        if (!stack.equals("devbox")) {
            env.put("DEVBOX_STACK", stack);
        }
        return env;
    }

    /** One line for an EventBridge event, as people read it. */
    static String summarize(String eventJson) {
        try {
            JsonNode event = JSON.readTree(eventJson);
            String type = event.path("detail-type").asText();
            JsonNode d = event.path("detail");
            String what = switch (type) {
                case "EC2 Instance State-change Notification" -> d.path("instance-id").asText() + " " + d.path("state").asText();
                case "EC2 AMI State Change" -> d.path("ImageId").asText() + " " + d.path("State").asText();
                default -> {
                    String snapshot = d.path("snapshot_id").asText();
                    yield snapshot.substring(snapshot.lastIndexOf('/') + 1) + " " + d.path("event").asText() + " "
                            + d.path("result").asText();
                }
            };
            return type + ": " + what;
        } catch (Exception e) {
            return "(unreadable event)";
        }
    }

    /** DynamoDB Local prints a banner on stdout; a command's stdout is for its results only. */
    static <T> T quietly(java.util.function.Supplier<T> action) {
        PrintStream original = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                return action.get();
            } finally {
                System.setOut(original);
            }
        }
    }

    /** Hands the control plane's requests to {@code function} (see {@link LocalControlPlane#routeTo}). */
    public void routeControlTo(LocalControlPlane.ControlFunction function) {
        control.routeTo(function);
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        control.close();
        events.close();
        publisherClient.close();
        pipelineEc2.close();
        if (ownsEmulator) {
            aws.close();
        }
    }
}
