package dev.devbox.pipeline;

import dev.devbox.adapter.dynamodb.DynamoDbStores;
import dev.devbox.adapter.dynamodb.TableSchema;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;
import dev.devbox.testing.Ec2State;
import dev.devbox.testing.FakeEc2;
import dev.devbox.testing.FaultInjector;
import dev.devbox.testing.History;
import dev.devbox.testing.Invariants;
import dev.devbox.testing.Invariants.Box;
import dev.devbox.testing.JudgedEc2;
import dev.devbox.testing.MutableClock;
import dev.devbox.testing.RecordingPublisher;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plays one {@link Schedule} against real DynamoDB Local and the in-memory EC2,
 * with every mutating EC2 call judged by the {@link History} oracle as it is
 * made, and the end-state invariants checked after every round.
 */
final class ScheduleRun {
    static final String STACK = "prop";
    private static final AtomicInteger TABLES = new AtomicInteger();

    /** Where the fault goes: {@code index} counts calls from the start of the fault round. */
    record Fault(Schedule.FaultKind kind, int index) {
        static final int COUNT_ONLY = Integer.MAX_VALUE;
    }

    /** What a run saw: calls made in the fault round (to place a fault), whether it fired, cycle outcomes. */
    record Result(int dynamoSent, int dynamoCompleted, int ec2Calls, String fired, int ready, int failed,
                  int judgedCalls) {
    }

    private final Schedule plan;
    private final URI dynamoEndpoint;
    private final DynamoDbClient plain;

    ScheduleRun(Schedule plan, URI dynamoEndpoint, DynamoDbClient plain) {
        this.plan = plan;
        this.dynamoEndpoint = dynamoEndpoint;
        this.plain = plain;
    }

    Result play(Fault fault) {
        Random random = new Random(plan.seed() * 7919 + 17);
        String table = "prop-" + TABLES.incrementAndGet();
        TableSchema.create(plain, table);
        FaultInjector dynamoFaults = new FaultInjector();
        FakeEc2 ec2 = new FakeEc2();
        if (plan.slow()) {
            ec2.slowCompletion();
        }
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
        PipelineSettings settings = PipelineSettings.defaults(STACK).withRetainImages(plan.retain());
        ProjectStore projects = DynamoDbStores.projectStore(plain, table);
        CycleStore cycleStore = DynamoDbStores.cycleStore(plain, table);
        List<Box> boxes = new ArrayList<>();
        History history = new History(() -> Ec2State.of(ec2), projects, cycleStore, STACK, plan.retain(), boxes);
        StepLog quiet = Boolean.getBoolean("devbox.verbose") ? StepLog.stderr()
                : new StepLog(new PrintStream(OutputStream.nullOutputStream()));
        int ready = 0;
        int failed = 0;
        Result counted = null;
        try (DynamoDbClient dynamo = client(dynamoFaults); Ec2Client unused = unusedEc2()) {
            Pipeline pipeline = Pipeline.create(new PipelineConfig(unused, dynamo, new RecordingPublisher(), table,
                    settings, clock, quiet), new JudgedEc2(ec2, history));
            UnreliableEvents events = new UnreliableEvents(pipeline, ec2, random, plan, clock);
            List<ProjectName> names = new ArrayList<>();
            for (int p = 1; p <= plan.projects(); p++) {
                names.add(ProjectName.of("p" + p));
            }
            Map<String, String> foreignTags = Map.of("devbox:stack", "other", "devbox:project", "p1");
            String foreignVolume = ec2.createForeignVolume(foreignTags);
            String foreignSnapshot = ec2.createForeignSnapshot(foreignVolume, Map.of());
            String strayInstance = ec2.runInstance(Map.of(), List.of(new VolumeMapping("/dev/sda1", "x", "gp3", 8, null, null, false, null)));
            FakeEc2.Volume foreignVolumeBefore = ec2.allVolumes().get(foreignVolume);
            FakeEc2.Snapshot foreignSnapshotBefore = ec2.allSnapshots().get(foreignSnapshot);

            for (int round = 1; round <= plan.rounds(); round++) {
                String where = plan + ": round " + round;
                boolean faultRound = round == plan.faultRound() && plan.faultKind() != Schedule.FaultKind.NONE;
                List<Integer> roundBoxes = new ArrayList<>();
                for (ProjectName name : names) {
                    roundBoxes.add(boxes.size());
                    boxes.add(launch(ec2, projects, clock, name));
                }
                if (faultRound) {
                    arm(fault, dynamoFaults, ec2);
                }
                int failuresBefore = ec2.completionFailures();
                boolean userDeleted = false;
                events.run();
                events.reconcile();
                events.run();
                for (int b : roundBoxes) {
                    userDeleted |= userActs(random, ec2, events, boxes, b);
                }
                events.run();
                Collections.shuffle(roundBoxes, random);
                for (int b : roundBoxes) {
                    ec2.terminate(boxes.get(b).instanceId());
                }
                if (round == 1) {
                    ec2.terminate(strayInstance);
                }
                events.run();
                if (random.nextDouble() < plan.deleteSnapshot()) {
                    userDeleted |= userDeletesASnapshot(random, ec2, boxes, roundBoxes);
                }
                // EC2 finishes everything within 8 passes; the pipeline must settle within 8 more (liveness).
                for (int pass = 0; pass < 16 && !allSettled(projects, names); pass++) {
                    ec2.progress(random, plan.failRate(), pass >= 7);
                    events.run();
                    events.reconcile();
                    events.run();
                }
                if (faultRound) {
                    counted = new Result(dynamoFaults.callsSent(), dynamoFaults.callsCompleted(),
                            ec2.callsSinceArmed(), fired(dynamoFaults, ec2), 0, 0, 0);
                    dynamoFaults.disarm();
                    ec2.disarm();
                    if (fault.index() == Fault.COUNT_ONLY) {
                        return counted; // a dry run only counts the fault round's calls
                    }
                }
                boolean disrupted = faultRound || userDeleted || ec2.completionFailures() > failuresBefore;
                for (ProjectName name : names) {
                    Project after = projects.find(name).orElseThrow();
                    assertTrue(settled(after), where + ": " + name + " stuck in " + after.state());
                    if (!disrupted) {
                        assertEquals(ProjectState.READY, after.state(), where + ": " + name + " " + after.failure());
                    }
                    if (after.state() == ProjectState.READY) {
                        ready++;
                    } else {
                        failed++;
                    }
                }
                history.assertClean();
                Invariants.check(Ec2State.of(ec2), projects, cycleStore, STACK, plan.retain(), boxes);
            }
            // Events held back past their cycle arrive at last; nothing they trigger may do harm.
            events.flushLate();
            for (int pass = 0; pass < 4; pass++) {
                events.reconcile();
                events.run();
            }
            history.assertClean();
            Invariants.check(Ec2State.of(ec2), projects, cycleStore, STACK, plan.retain(), boxes);
            assertEquals(foreignVolumeBefore, ec2.allVolumes().get(foreignVolume), plan + ": foreign volume changed");
            assertEquals(foreignSnapshotBefore, ec2.allSnapshots().get(foreignSnapshot), plan + ": foreign snapshot changed");
        }
        Result base = counted == null ? new Result(0, 0, 0, null, 0, 0, 0) : counted;
        return new Result(base.dynamoSent(), base.dynamoCompleted(), base.ec2Calls(), base.fired(), ready, failed,
                history.calls().size());
    }

    /** What `devbox launch` does: claim, RunInstances (from the project's AMI once there is one), record. */
    private Box launch(FakeEc2 ec2, ProjectStore projects, MutableClock clock, ProjectName name) {
        Project claimed = projects.claimLaunch(name, "tester", clock.instant());
        CycleRef ref = claimed.cycle();
        Map<String, String> tags = Map.of("devbox:stack", STACK, "devbox:project", name.value(),
                "devbox:generation", Long.toString(ref.generation()));
        String instance = claimed.image().isPresent() ? ec2.runFromImage(tags, claimed.imageId())
                : ec2.runInstance(tags, requested(plan.volumes()));
        projects.recordLaunched(ref, instance, clock.instant());
        return new Box(ref, instance, ec2.devicesOf(instance));
    }

    /**
     * While the box runs its user may attach a new volume (and work long enough for a reconciler pass to
     * see it), detach one (and maybe delete it) or stop the box. Returns true if data was deleted.
     */
    private boolean userActs(Random random, FakeEc2 ec2, UnreliableEvents events, List<Box> boxes, int b) {
        Box box = boxes.get(b);
        boolean deleted = false;
        if (random.nextDouble() < plan.attach()) {
            String device = "/dev/sd" + (char) ('h' + random.nextInt(4));
            if (!box.volumesByDevice().containsKey(device)) {
                box = box.attached(device, ec2.attachNewVolume(box.instanceId(), device, 4 + random.nextInt(8)));
                boxes.set(b, box);
                for (int pass = 0; pass < 3 && !events.reconcile(); pass++) {
                    events.run();
                }
                events.run();
            }
        }
        List<String> detachable = box.volumesByDevice().entrySet().stream()
                .filter(e -> !e.getKey().equals("/dev/sda1")).map(Map.Entry::getValue).toList();
        if (!detachable.isEmpty() && random.nextDouble() < plan.detach()) {
            String volumeId = detachable.get(random.nextInt(detachable.size()));
            ec2.detach(box.instanceId(), volumeId);
            boxes.set(b, box.detached(volumeId));
            if (random.nextBoolean()) {
                deleted = ec2.userDeletesVolume(volumeId);
            }
        }
        if (random.nextDouble() < plan.stop()) {
            ec2.stop(box.instanceId());
        }
        return deleted;
    }

    /** A user deletes one of this round's snapshots by hand (EC2 refuses if an AMI uses it). */
    private static boolean userDeletesASnapshot(Random random, FakeEc2 ec2, List<Box> boxes, List<Integer> round) {
        List<String> candidates = ec2.allSnapshots().values().stream()
                .filter(s -> round.stream().anyMatch(b -> boxes.get(b).everHeld().contains(s.volumeId())))
                .map(FakeEc2.Snapshot::id).sorted().toList();
        return !candidates.isEmpty() && ec2.userDeletesSnapshot(candidates.get(random.nextInt(candidates.size())));
    }

    private static void arm(Fault fault, FaultInjector dynamoFaults, FakeEc2 ec2) {
        int at = fault.index();
        switch (fault.kind()) {
            case DYNAMO_BEFORE -> dynamoFaults.armBoth(at, FaultInjector.Mode.SERVER_ERROR, Fault.COUNT_ONLY);
            case DYNAMO_AFTER -> dynamoFaults.armBoth(Fault.COUNT_ONLY, FaultInjector.Mode.SERVER_ERROR, at);
            case EC2_BEFORE -> ec2.failCall(at, false);
            case EC2_AFTER -> ec2.failCall(at, true);
            case NONE -> { }
        }
        if (fault.kind() == Schedule.FaultKind.EC2_BEFORE || fault.kind() == Schedule.FaultKind.EC2_AFTER) {
            dynamoFaults.armBoth(Fault.COUNT_ONLY, FaultInjector.Mode.SERVER_ERROR, Fault.COUNT_ONLY);
        } else {
            ec2.failCall(Fault.COUNT_ONLY, false);
        }
    }

    private static String fired(FaultInjector dynamoFaults, FakeEc2 ec2) {
        if (dynamoFaults.fired() != null) {
            return dynamoFaults.fired();
        }
        return ec2.fired() ? "EC2 call" : null;
    }

    private static boolean allSettled(ProjectStore projects, List<ProjectName> names) {
        return names.stream().allMatch(n -> settled(projects.find(n).orElseThrow()));
    }

    private static boolean settled(Project p) {
        return p.state() == ProjectState.FAILED || (p.state() == ProjectState.READY && !p.cleanupPending());
    }

    private static List<VolumeMapping> requested(int count) {
        List<VolumeMapping> all = List.of(
                new VolumeMapping("/dev/sda1", "-", "gp3", 20, 3000, 125, true, null),
                new VolumeMapping("/dev/sdf", "-", "gp2", 50, null, null, true, null),
                new VolumeMapping("/dev/sdg", "-", "io1", 30, 300, null, true, null));
        return all.subList(0, count);
    }

    private DynamoDbClient client(FaultInjector faults) {
        return DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(faults))
                .build();
    }

    /** PipelineConfig wants an SDK client; the in-memory gateway replaces it, so this one is never called. */
    private static Ec2Client unusedEc2() {
        return Ec2Client.builder().region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }
}
