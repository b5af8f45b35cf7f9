package dev.devbox.pipeline;

import dev.devbox.adapter.dynamodb.DynamoDbStores;
import dev.devbox.adapter.dynamodb.TableSchema;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.emulator.DynamoDbLocalServer;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;
import dev.devbox.testing.Ec2State;
import dev.devbox.testing.FakeEc2;
import dev.devbox.testing.FaultInjector;
import dev.devbox.testing.Invariants;
import dev.devbox.testing.MutableClock;
import dev.devbox.testing.RecordingPublisher;
import dev.devbox.testing.SharedDynamoLocal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: for any schedule of deliveries (dropped, duplicated, reordered,
 * redelivered after handler errors), reconciler runs, and one injected fault
 * (a DynamoDB or EC2 error before a call, or a crash right after one), every
 * cycle ends READY, or FAILED with a reason and its volumes intact, and the
 * data-safety invariants hold. Schedules are seeded: a failure names its seed.
 *
 * <p>Fast path: real DynamoDB Local (conditional writes and transactions are the
 * point) with an in-memory EC2; the emulator ITs run the same steps on moto.
 * Schedules: {@code -Ddevbox.schedules=N} (default 200).
 */
class RandomSchedulesIT {
    private static final String STACK = "prop";
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static DynamoDbLocalServer server;
    private static DynamoDbClient plain;

    @BeforeAll
    static void startDynamo() {
        server = SharedDynamoLocal.server();
        plain = client(null);
    }

    private static final AtomicInteger READY = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();
    private static final AtomicInteger FAULTS_FIRED = new AtomicInteger();

    @AfterAll
    static void stopDynamo() {
        System.err.printf("random schedules: cycles READY %d, FAILED %d; injected faults that fired %d%n",
                READY.get(), FAILED.get(), FAULTS_FIRED.get());
        plain.close(); // the shared server outlives this class
    }

    @TestFactory
    Stream<DynamicTest> everyScheduleConvergesSafely() {
        int schedules = Integer.getInteger("devbox.schedules", 200);
        return IntStream.rangeClosed(1, schedules)
                .mapToObj(seed -> DynamicTest.dynamicTest("schedule " + seed, () -> run(seed)));
    }

    private void run(long seed) {
        Random random = new Random(seed);
        int volumes = 1 + random.nextInt(3);
        int cycles = 1 + random.nextInt(3);
        int retain = 1 + random.nextInt(3);
        double drop = random.nextDouble() * 0.3;
        double duplicate = random.nextDouble() * 0.5;
        boolean reorder = random.nextBoolean();
        int faultCycle = 1 + random.nextInt(cycles);
        int faultKind = random.nextInt(5); // 0: none, 1/2: DynamoDB before/after, 3/4: EC2 before/after
        int faultAt = random.nextInt(faultKind <= 2 ? 45 : 25);
        String description = "seed " + seed + ": volumes=" + volumes + " cycles=" + cycles + " retain=" + retain
                + " drop=" + drop + " duplicate=" + duplicate + " reorder=" + reorder + " fault=" + faultKind
                + "@" + faultAt + " in cycle " + faultCycle;

        String table = "prop-" + TABLES.incrementAndGet();
        TableSchema.create(plain, table);
        FaultInjector dynamoFaults = new FaultInjector();
        FakeEc2 ec2 = new FakeEc2();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
        RecordingPublisher published = new RecordingPublisher();
        PipelineSettings settings = PipelineSettings.defaults(STACK).withRetainImages(retain);
        StepLog quiet = new StepLog(new PrintStream(OutputStream.nullOutputStream()));
        try (DynamoDbClient dynamo = client(dynamoFaults)) {
            Pipeline pipeline = Pipeline.create(new PipelineConfig(
                    software.amazon.awssdk.services.ec2.Ec2Client.builder().region(Region.US_EAST_1)
                            .httpClient(UrlConnectionHttpClient.create())
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                            .build(),
                    dynamo, published, table, settings, clock, quiet), ec2);
            ProjectStore projects = DynamoDbStores.projectStore(plain, table);
            CycleStore cycleStore = DynamoDbStores.cycleStore(plain, table);
            Delivery delivery = new Delivery(pipeline, ec2, random, drop, duplicate, reorder);
            List<Invariants.Box> boxes = new ArrayList<>();

            ProjectName name = ProjectName.of("p");
            Map<String, String> foreignTags = Map.of("devbox:stack", "other", "devbox:project", name.value());
            String foreignVolume = ec2.createForeignVolume(foreignTags);
            String foreignSnapshot = ec2.createForeignSnapshot(foreignVolume, Map.of());
            String strayInstance = ec2.runInstance(Map.of(), List.of(new VolumeMapping("/dev/sda1", "x", "gp3", 8, null, null, false, null)));

            for (int cycle = 1; cycle <= cycles; cycle++) {
                Project claimed = projects.claimLaunch(name, "tester", clock.instant());
                CycleRef ref = claimed.cycle();
                Map<String, String> tags = Map.of("devbox:stack", STACK, "devbox:project", "p",
                        "devbox:generation", Long.toString(ref.generation()));
                String instance = claimed.image().isPresent() ? ec2.runFromImage(tags, claimed.imageId())
                        : ec2.runInstance(tags, requested(volumes));
                projects.recordLaunched(ref, instance, clock.instant());
                boxes.add(new Invariants.Box(ref, instance, ec2.devicesOf(instance)));

                if (cycle == faultCycle) {
                    switch (faultKind) {
                        case 1 -> dynamoFaults.arm(faultAt, FaultInjector.Mode.SERVER_ERROR);
                        case 2 -> dynamoFaults.arm(faultAt, FaultInjector.Mode.CRASH_AFTER);
                        case 3 -> ec2.failCall(faultAt, false);
                        case 4 -> ec2.failCall(faultAt, true);
                        default -> { }
                    }
                }
                delivery.run();
                // The box lives longer than the stuck threshold: the reconciler sees it running at least once.
                reconcile(pipeline, clock);
                delivery.run();
                ec2.terminate(instance);
                if (cycle == 1) {
                    ec2.terminate(strayInstance);
                }
                delivery.run();
                for (int round = 0; round < 8 && !settled(projects.find(name).orElseThrow()); round++) {
                    reconcile(pipeline, clock);
                    delivery.run();
                }
                if (cycle == faultCycle && (dynamoFaults.fired() != null || ec2.fired())) {
                    FAULTS_FIRED.incrementAndGet();
                }
                dynamoFaults.disarm();
                ec2.disarm();

                Project after = projects.find(name).orElseThrow();
                assertTrue(settled(after), description + ": cycle " + cycle + " stuck in " + after.state());
                if (faultKind == 0 || cycle != faultCycle) {
                    assertEquals(ProjectState.READY, after.state(), description + ": cycle " + cycle + " " + after.failure());
                } else if (after.state() == ProjectState.FAILED) {
                    assertFalse(after.failure().reason().isBlank(), description);
                }
                (after.state() == ProjectState.READY ? READY : FAILED).incrementAndGet();
                Invariants.check(Ec2State.of(ec2), projects, cycleStore, STACK, retain, boxes);
            }
            assertTrue(ec2.allVolumes().containsKey(foreignVolume), description + ": foreign volume deleted");
            assertTrue(ec2.allSnapshots().containsKey(foreignSnapshot), description + ": foreign snapshot deleted");
            assertEquals(foreignTags,
                    ec2.allVolumes().get(foreignVolume).tags(), description + ": foreign volume retagged");
        }
    }

    private static boolean settled(Project p) {
        return p.state() == ProjectState.FAILED || (p.state() == ProjectState.READY && !p.cleanupPending());
    }

    private static void reconcile(Pipeline pipeline, MutableClock clock) {
        clock.advance(java.time.Duration.ofMinutes(31));
        try {
            pipeline.reconciler().reconcile();
        } catch (RuntimeException injected) {
            // A failed scheduled run; the next one retries.
        }
    }

    private static List<VolumeMapping> requested(int count) {
        List<VolumeMapping> all = List.of(
                new VolumeMapping("/dev/sda1", "-", "gp3", 20, 3000, 125, true, null),
                new VolumeMapping("/dev/sdf", "-", "gp2", 50, null, null, true, null),
                new VolumeMapping("/dev/sdg", "-", "io1", 30, 300, null, true, null));
        return all.subList(0, count);
    }

    private static DynamoDbClient client(FaultInjector faults) {
        return DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    if (faults != null) {
                        o.addExecutionInterceptor(faults);
                    }
                }).build();
    }

    /** EventBridge as unreliable as AWS allows: drops, duplicates, reordering, retries after handler errors. */
    private static final class Delivery {
        private final Pipeline pipeline;
        private final FakeEc2 ec2;
        private final Random random;
        private final double drop;
        private final double duplicate;
        private final boolean reorder;
        private final Deque<String[]> retries = new ArrayDeque<>();

        Delivery(Pipeline pipeline, FakeEc2 ec2, Random random, double drop, double duplicate, boolean reorder) {
            this.pipeline = pipeline;
            this.ec2 = ec2;
            this.random = random;
            this.drop = drop;
            this.duplicate = duplicate;
            this.reorder = reorder;
        }

        void run() {
            for (int round = 0; round < 50; round++) {
                List<String[]> batch = new ArrayList<>();
                while (!retries.isEmpty()) {
                    batch.add(retries.poll());
                }
                for (String event : ec2.drainEvents()) {
                    if (random.nextDouble() < drop) {
                        continue;
                    }
                    int copies = random.nextDouble() < duplicate ? 2 + random.nextInt(2) : 1;
                    for (int c = 0; c < copies; c++) {
                        batch.add(new String[] {event, "1"});
                    }
                }
                if (batch.isEmpty()) {
                    return;
                }
                if (reorder) {
                    Collections.shuffle(batch, random);
                }
                for (String[] item : batch) {
                    try {
                        pipeline.dispatch(item[0]);
                    } catch (RuntimeException handlerError) {
                        int attempt = Integer.parseInt(item[1]);
                        if (attempt < 3) {
                            retries.add(new String[] {item[0], Integer.toString(attempt + 1)});
                        }
                    }
                }
            }
        }
    }
}
