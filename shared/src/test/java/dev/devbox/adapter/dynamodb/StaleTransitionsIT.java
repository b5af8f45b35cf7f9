package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.emulator.DynamoDbLocalServer;
import dev.devbox.port.CycleStore;
import dev.devbox.port.CycleStore.SnapshotCompletion;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every state transition is guarded by the table itself, not only by the code
 * that reads the project first: called for a past generation (a late event, a
 * slow handler from the previous cycle) or in the wrong state, it is refused and
 * the table is left exactly as it was. These calls skip the services' own
 * checks on purpose, so a transition whose condition lost its generation or its
 * state fails here.
 */
class StaleTransitionsIT {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final ProjectName WEB = ProjectName.of("web");
    private static final MachineProfile MACHINE = new MachineProfile("x86_64", "/dev/sda1", true, "uefi");
    private static DynamoDbLocalServer server;
    private static DynamoDbClient dynamo;
    private ProjectStore projects;
    private CycleStore cycles;
    private String table;
    /** The first cycle, finished READY: every call with it below is stale. */
    private CycleRef old;

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.start();
        dynamo = DynamoDbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        server.close();
    }

    @BeforeEach
    void oneFinishedCycle() {
        table = "stale-" + TABLES.incrementAndGet();
        TableSchema.create(dynamo, table);
        projects = DynamoDbStores.projectStore(dynamo, table);
        cycles = DynamoDbStores.cycleStore(dynamo, table);
        old = running();
        imaging(old);
        cycles.recordPendingImage(old, "ami-1", NOW);
        cycles.markReady(old, "ami-1", List.of("snap-1"), NOW);
        cycles.finishCleanup(old, NOW);
    }

    @Test
    void launchingRefusesAStaleRecordOrFailure() {
        CycleRef current = projects.claimLaunch(WEB, "me", NOW).cycle();
        refused(() -> projects.recordLaunched(old, "i-late", NOW));
        refused(() -> projects.markFailed(old, ProjectState.LAUNCHING, new Failure(ProjectState.LAUNCHING, "late"), NOW));
        refused(() -> projects.recordAttempt(old, ProjectState.LAUNCHING, NOW));
        refused(() -> projects.markFailed(current, ProjectState.RUNNING, new Failure(ProjectState.RUNNING, "wrong"), NOW));
    }

    @Test
    void runningRefusesStaleMappingSnapshottingAndFailure() {
        CycleRef current = running();
        unchanged(() -> cycles.recordMapping(old, MACHINE, List.of(volume("vol-late")), NOW), false);
        refused(() -> projects.markFailed(old, ProjectState.RUNNING, new Failure(ProjectState.RUNNING, "late"), NOW));
        cycles.recordMapping(current, MACHINE, List.of(volume("vol-2")), NOW);
        refused(() -> cycles.beginSnapshotting(old, 1, NOW));
        unchanged(() -> cycles.recordAttachedVolumes(old, List.of(new VolumeMapping("/dev/sdh", "vol-late", "gp3", 8, 3000, 125, true, null))), false);
        refused(() -> cycles.recordSnapshot(old, "/dev/sda1", "snap-late"));
    }

    @Test
    void snapshottingRefusesStaleCompletionsFailuresAndWrongStates() {
        CycleRef current = running();
        cycles.recordMapping(current, MACHINE, List.of(volume("vol-2")), NOW);
        cycles.beginSnapshotting(current, 1, NOW);
        refused(() -> cycles.beginSnapshotting(current, 1, NOW));
        cycles.recordSnapshot(current, "/dev/sda1", "snap-2");
        unchanged(() -> cycles.completeSnapshot(old, "/dev/sda1", "snap-1", NOW), SnapshotCompletion.NOT_SNAPSHOTTING);
        refused(() -> projects.markFailed(old, ProjectState.SNAPSHOTTING, new Failure(ProjectState.SNAPSHOTTING, "late"), NOW));
        refused(() -> projects.recordAttempt(old, ProjectState.SNAPSHOTTING, NOW));
        refused(() -> cycles.recordPendingImage(current, "ami-early", NOW));
    }

    @Test
    void imagingRefusesStaleImagesReadinessAndFailure() {
        CycleRef current = running();
        imaging(current);
        refused(() -> cycles.recordPendingImage(old, "ami-late", NOW));
        refused(() -> projects.markFailed(old, ProjectState.IMAGING, new Failure(ProjectState.IMAGING, "late"), NOW));
        refused(() -> projects.recordAttempt(old, ProjectState.IMAGING, NOW));
        cycles.recordPendingImage(current, "ami-2", NOW);
        refused(() -> cycles.recordPendingImage(current, "ami-other", NOW));
        refused(() -> cycles.markReady(old, "ami-2", List.of("snap-2"), NOW));
        refused(() -> cycles.markReady(current, "ami-other", List.of("snap-2"), NOW));
    }

    @Test
    void readyRefusesAStaleCleanupFinish() {
        CycleRef current = running();
        imaging(current);
        cycles.recordPendingImage(current, "ami-2", NOW);
        cycles.markReady(current, "ami-2", List.of("snap-2"), NOW);
        unchanged(() -> {
            cycles.finishCleanup(old, NOW);
            return null;
        }, null);
        assertEquals(true, projects.find(WEB).orElseThrow().cleanupPending(), "the current cycle's cleanup is still pending");
    }

    // ---- the world ----

    private CycleRef running() {
        CycleRef cycle = projects.claimLaunch(WEB, "me", NOW).cycle();
        projects.recordLaunched(cycle, "i-" + cycle.generation(), NOW);
        return cycle;
    }

    /** From RUNNING through one completed snapshot to IMAGING. */
    private void imaging(CycleRef cycle) {
        String g = Long.toString(cycle.generation());
        cycles.recordMapping(cycle, MACHINE, List.of(volume("vol-" + g)), NOW);
        cycles.beginSnapshotting(cycle, 1, NOW);
        cycles.recordSnapshot(cycle, "/dev/sda1", "snap-" + g);
        assertEquals(SnapshotCompletion.LAST, cycles.completeSnapshot(cycle, "/dev/sda1", "snap-" + g, NOW));
    }

    private static VolumeMapping volume(String id) {
        return new VolumeMapping("/dev/sda1", id, "gp3", 8, 3000, 125, true, null);
    }

    /** The call throws ConcurrentUpdateException and leaves every item as it was. */
    private void refused(Runnable call) {
        Set<String> before = items();
        assertThrows(ConcurrentUpdateException.class, call::run);
        assertEquals(before, items(), "a refused transition changed the table");
    }

    /** The call returns {@code expected} and leaves every item as it was. */
    private <T> void unchanged(java.util.function.Supplier<T> call, T expected) {
        Set<String> before = items();
        assertEquals(expected, call.get());
        assertEquals(before, items(), "a stale call changed the table");
    }

    private Set<String> items() {
        Set<String> all = new TreeSet<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items()
                .forEach(item -> all.add(new java.util.TreeMap<>(item).toString()));
        return all;
    }
}
