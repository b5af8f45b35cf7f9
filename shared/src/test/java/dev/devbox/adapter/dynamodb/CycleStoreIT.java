package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.Failure;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.domain.SessionEnding;
import dev.devbox.domain.SnapshotState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.CycleStore;
import dev.devbox.port.CycleStore.GenerationVolume;
import dev.devbox.port.CycleStore.SnapshotCompletion;
import dev.devbox.port.CycleStore.SnapshotOwner;
import dev.devbox.port.ProjectStore;
import dev.devbox.testing.SharedDynamoLocal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cycle records' conditional writes on DynamoDB Local, one rule at a time: what each write
 * accepts, what it refuses, and what it leaves behind (lookups, their expiry, the active marker).
 */
class CycleStoreIT {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final ProjectName WEB = ProjectName.of("web");
    private static final MachineProfile MACHINE = new MachineProfile("arm64", "/dev/xvda", false, null);
    private static DynamoDbClient dynamo;
    private ProjectStore projects;
    private CycleStore cycles;
    private String table;

    @BeforeAll
    static void start() {
        dynamo = DynamoDbClient.builder().endpointOverride(SharedDynamoLocal.server().endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @BeforeEach
    void table() {
        // Unique per JVM and per run: the server outlives this class in a mutation-testing JVM.
        table = "cycles-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
        TableSchema.create(dynamo, table);
        projects = DynamoDbStores.projectStore(dynamo, table);
        cycles = DynamoDbStores.cycleStore(dynamo, table);
    }

    @Test
    void theMappingIsRecordedOnceWithTheMachineAndEveryVolumeAttribute() {
        CycleRef cycle = running("i-1");
        VolumeMapping root = new VolumeMapping("/dev/xvda", "vol-1", "io2", 30, 4000, null, true, "key-1");
        VolumeMapping data = new VolumeMapping("/dev/sdf", "vol-2", "gp3", 100, 3000, 250, false, null);

        assertTrue(cycles.recordMapping(cycle, MACHINE, List.of(root, data), NOW));
        assertFalse(cycles.recordMapping(cycle, MACHINE, List.of(root, data), NOW), "once per cycle");

        Project project = projects.find(WEB).orElseThrow();
        assertTrue(project.mappingCaptured());
        assertEquals(MACHINE, project.machine());
        assertEquals(List.of(new CycleVolume(data, null, SnapshotState.NONE, 0),
                new CycleVolume(root, null, SnapshotState.NONE, 0)), cycles.volumes(cycle));
        assertEquals(List.of(new GenerationVolume(1, new CycleVolume(data, null, SnapshotState.NONE, 0)),
                new GenerationVolume(1, new CycleVolume(root, null, SnapshotState.NONE, 0))),
                cycles.remainingVolumes(WEB));
    }

    @Test
    void howTheBoxEndedIsRecordedOncePerCycleAndCombinesWithATerminateAskedInThatCycle() {
        CycleRef cycle = running("i-1");
        Project before = projects.find(WEB).orElseThrow();
        assertEquals(Optional.empty(), cycles.lastEnding(WEB));

        assertTrue(cycles.recordTerminateAsked(cycle, NOW));
        assertEquals(Optional.of(new SessionEnding(1, SessionEnding.Cause.CLI, NOW)), cycles.lastEnding(WEB),
                "a terminate asked for counts before the pipeline's record");
        assertTrue(cycles.recordEnded(cycle, SessionEnding.USER_INITIATED, NOW.plusSeconds(3)));
        assertFalse(cycles.recordEnded(cycle, SessionEnding.INSTANCE_INITIATED, NOW.plusSeconds(9)), "once per cycle");
        assertEquals(Optional.of(new SessionEnding(1, SessionEnding.Cause.CLI, NOW.plusSeconds(3))),
                cycles.lastEnding(WEB));
        assertEquals(before, projects.find(WEB).orElseThrow(), "the lifecycle's own attributes are untouched");
    }

    @Test
    void anEndingOfAnOtherCycleOrAfterTheBoxEndedIsRefused() {
        CycleRef cycle = running("i-1");
        assertFalse(cycles.recordEnded(new CycleRef(WEB, 2), SessionEnding.USER_INITIATED, NOW), "not the cycle");
        assertFalse(cycles.recordEnded(new CycleRef(ProjectName.of("ghost"), 1), null, NOW), "no such project");
        assertTrue(cycles.recordEnded(cycle, SessionEnding.USER_INITIATED, NOW));
        assertEquals(Optional.of(new SessionEnding(1, SessionEnding.Cause.API, NOW)), cycles.lastEnding(WEB),
                "through the API and not asked by devbox: the console");

        cycles.recordMapping(cycle, MACHINE, List.of(vol("/dev/xvda", "vol-1")), NOW);
        cycles.beginSnapshotting(cycle, 1, NOW);
        assertFalse(cycles.recordTerminateAsked(cycle, NOW), "only while the box runs");
        assertFalse(cycles.recordTerminateAsked(new CycleRef(WEB, 2), NOW));
        assertEquals(Optional.empty(), cycles.lastEnding(ProjectName.of("ghost")));
    }

    @Test
    void theMappingIsRefusedUnlessRunningInThatGeneration() {
        CycleRef cycle = running("i-1");
        assertFalse(cycles.recordMapping(new CycleRef(WEB, 2), MACHINE, List.of(vol("/dev/xvda", "vol-1")), NOW));
        projects.markFailed(cycle, ProjectState.RUNNING, new Failure(ProjectState.RUNNING, "x"), NOW);
        assertFalse(cycles.recordMapping(cycle, MACHINE, List.of(vol("/dev/xvda", "vol-1")), NOW));
        assertEquals(List.of(), cycles.volumes(cycle));
    }

    @Test
    void volumesAttachedLaterAreAddedOnlyWhileRunningWithTheMappingRecordedAndOnlyOnce() {
        CycleRef cycle = running("i-1");
        assertFalse(cycles.recordAttachedVolumes(cycle, List.of(vol("/dev/sdh", "vol-3"))), "no mapping yet");
        cycles.recordMapping(cycle, MACHINE, List.of(vol("/dev/xvda", "vol-1")), NOW);

        assertTrue(cycles.recordAttachedVolumes(cycle, List.of(vol("/dev/sdh", "vol-3"))));
        assertFalse(cycles.recordAttachedVolumes(cycle, List.of(vol("/dev/sdh", "vol-3"))), "device already recorded");
        assertEquals(List.of("/dev/sdh", "/dev/xvda"), cycles.volumes(cycle).stream().map(CycleVolume::deviceName).toList());

        cycles.beginSnapshotting(cycle, 2, NOW);
        assertFalse(cycles.recordAttachedVolumes(cycle, List.of(vol("/dev/sdi", "vol-4"))), "no longer running");
        assertEquals(2, cycles.volumes(cycle).size());
    }

    @Test
    void snapshottingNeedsTheMappingOfThisGeneration() {
        CycleRef cycle = running("i-1");
        assertThrows(ConcurrentUpdateException.class, () -> cycles.beginSnapshotting(cycle, 1, NOW));
        cycles.recordMapping(cycle, MACHINE, List.of(vol("/dev/xvda", "vol-1")), NOW);
        assertThrows(ConcurrentUpdateException.class, () -> cycles.beginSnapshotting(new CycleRef(WEB, 2), 1, NOW));

        cycles.beginSnapshotting(cycle, 1, NOW.plusSeconds(5));

        Project project = projects.find(WEB).orElseThrow();
        assertEquals(ProjectState.SNAPSHOTTING, project.state());
        assertEquals(1, project.pendingSnapshots());
        assertEquals(NOW.plusSeconds(5), project.stateSince());
        assertThrows(ConcurrentUpdateException.class, () -> cycles.beginSnapshotting(cycle, 1, NOW), "only from RUNNING");
    }

    @Test
    void aSnapshotIsRecordedOncePerVolumeAndResolvesToItsCycleAndDevice() {
        CycleRef cycle = snapshotting(2);
        cycles.recordSnapshot(cycle, "/dev/xvda", "snap-1");
        assertThrows(ConcurrentUpdateException.class, () -> cycles.recordSnapshot(cycle, "/dev/xvda", "snap-2"));

        assertEquals(Optional.of(new SnapshotOwner(cycle, "/dev/xvda")), cycles.cycleOfSnapshot("snap-1"));
        assertEquals(Optional.empty(), cycles.cycleOfSnapshot("snap-2"));
        CycleVolume v = cycles.volumes(cycle).stream().filter(x -> x.deviceName().equals("/dev/xvda")).findFirst().orElseThrow();
        assertEquals("snap-1", v.snapshotId());
        assertEquals(SnapshotState.PENDING, v.snapshotState());
    }

    @Test
    void completionsCountDownAndOnlyTheLastMovesTheCycleToImaging() {
        CycleRef cycle = snapshotting(2);
        cycles.recordSnapshot(cycle, "/dev/xvda", "snap-1");
        cycles.recordSnapshot(cycle, "/dev/sdf", "snap-2");

        assertEquals(SnapshotCompletion.COUNTED, cycles.completeSnapshot(cycle, "/dev/xvda", "snap-1", NOW));
        assertEquals(ProjectState.SNAPSHOTTING, projects.find(WEB).orElseThrow().state());
        assertEquals(1, projects.find(WEB).orElseThrow().pendingSnapshots());
        assertEquals(SnapshotCompletion.ALREADY_COUNTED, cycles.completeSnapshot(cycle, "/dev/xvda", "snap-1", NOW));
        assertEquals(SnapshotCompletion.ALREADY_COUNTED, cycles.completeSnapshot(cycle, "/dev/sdf", "snap-other", NOW),
                "not the volume's snapshot");
        assertEquals(1, projects.find(WEB).orElseThrow().pendingSnapshots());

        assertEquals(SnapshotCompletion.LAST, cycles.completeSnapshot(cycle, "/dev/sdf", "snap-2", NOW.plusSeconds(9)));
        Project imaging = projects.find(WEB).orElseThrow();
        assertEquals(ProjectState.IMAGING, imaging.state());
        assertEquals(0, imaging.pendingSnapshots());
        assertEquals(NOW.plusSeconds(9), imaging.stateSince());
        assertEquals(SnapshotCompletion.NOT_SNAPSHOTTING, cycles.completeSnapshot(cycle, "/dev/sdf", "snap-2", NOW));
        assertEquals(SnapshotCompletion.NOT_SNAPSHOTTING,
                cycles.completeSnapshot(new CycleRef(WEB, 2), "/dev/sdf", "snap-2", NOW), "another generation");
        assertEquals(SnapshotCompletion.NOT_SNAPSHOTTING,
                cycles.completeSnapshot(new CycleRef(ProjectName.of("nobody"), 1), "/dev/sdf", "snap-2", NOW));
    }

    @Test
    void aFailedSnapshotIsCountedOnceAndFreesTheVolumeForANewOne() {
        CycleRef cycle = snapshotting(1);
        cycles.recordSnapshot(cycle, "/dev/xvda", "snap-1");

        assertEquals(OptionalInt.of(1), cycles.snapshotFailed(cycle, "/dev/xvda", "snap-1"));
        assertEquals(OptionalInt.empty(), cycles.snapshotFailed(cycle, "/dev/xvda", "snap-1"), "already handled");
        CycleVolume v = cycles.volumes(cycle).get(0);
        assertEquals(SnapshotState.NONE, v.snapshotState());
        assertNull(v.snapshotId());
        assertEquals(1, v.snapshotAttempts());

        cycles.recordSnapshot(cycle, "/dev/xvda", "snap-2");
        assertEquals(OptionalInt.of(2), cycles.snapshotFailed(cycle, "/dev/xvda", "snap-2"));
    }

    @Test
    void thePendingImageIsRecordedOnceAndOnlyWhileImaging() {
        CycleRef cycle = imaging();
        assertThrows(ConcurrentUpdateException.class, () -> cycles.recordPendingImage(new CycleRef(WEB, 2), "ami-1", NOW));

        cycles.recordPendingImage(cycle, "ami-1", NOW);
        cycles.recordPendingImage(cycle, "ami-1", NOW); // the same image again: a retry
        assertThrows(ConcurrentUpdateException.class, () -> cycles.recordPendingImage(cycle, "ami-2", NOW));

        assertEquals("ami-1", projects.find(WEB).orElseThrow().pendingImageId());
        assertEquals(Optional.of(cycle), cycles.cycleOfImage("ami-1"));
        assertEquals(Optional.empty(), cycles.cycleOfImage("ami-2"));
    }

    @Test
    void readyRecordsTheImageAndItsSnapshotsAndMarksCleanupPending() {
        CycleRef cycle = imaging();
        cycles.recordPendingImage(cycle, "ami-1", NOW);
        assertThrows(ConcurrentUpdateException.class, () -> cycles.markReady(cycle, "ami-2", List.of("snap-1"), NOW));

        cycles.markReady(cycle, "ami-1", List.of("snap-1", "snap-2"), NOW.plusSeconds(3));

        Project ready = projects.find(WEB).orElseThrow();
        assertEquals(ProjectState.READY, ready.state());
        assertEquals("ami-1", ready.imageId());
        assertEquals(1L, ready.imageGeneration());
        assertNull(ready.pendingImageId());
        assertTrue(ready.cleanupPending());
        assertEquals(List.of(ready), projects.inFlightSince(NOW.plusSeconds(4), 10), "the reconciler still visits it");
        RetainedImage image = cycles.retainedImages(WEB).get(0);
        assertEquals(1, image.generation());
        assertEquals("ami-1", image.imageId());
        assertEquals(List.of("snap-1", "snap-2"), image.snapshotIds().stream().sorted().toList());
        assertEquals(NOW.plusSeconds(3), image.recordedAt());
    }

    @Test
    void anImageWithoutSnapshotsIsRecordedWithAnEmptyList() {
        CycleRef cycle = imaging();
        cycles.recordPendingImage(cycle, "ami-1", NOW);
        cycles.markReady(cycle, "ami-1", List.of(), NOW);
        assertEquals(List.of(), cycles.retainedImages(WEB).get(0).snapshotIds());
    }

    @Test
    void retainedImagesAreListedOldestFirstAndForgottenWithTheirLookup() {
        for (int g = 1; g <= 3; g++) {
            CycleRef cycle = imaging();
            cycles.recordPendingImage(cycle, "ami-" + g, NOW);
            cycles.markReady(cycle, "ami-" + g, List.of("snap-" + g), NOW);
        }
        List<RetainedImage> images = cycles.retainedImages(WEB);
        assertEquals(List.of(1L, 2L, 3L), images.stream().map(RetainedImage::generation).toList());

        cycles.forgetImage(WEB, images.get(0));

        assertEquals(List.of(2L, 3L), cycles.retainedImages(WEB).stream().map(RetainedImage::generation).toList());
        assertEquals(Optional.empty(), cycles.cycleOfImage("ami-1"));
        assertEquals(Optional.of(new CycleRef(WEB, 2)), cycles.cycleOfImage("ami-2"));
    }

    @Test
    void aForgottenVolumeLeavesItsSnapshotLookupToExpireAfterThirtyDays() {
        CycleRef cycle = snapshotting(2);
        cycles.recordSnapshot(cycle, "/dev/xvda", "snap-1");

        cycles.forgetVolume(WEB, 1, "/dev/xvda", NOW);
        cycles.forgetVolume(WEB, 1, "/dev/sdf", NOW); // no snapshot: nothing to expire
        cycles.forgetVolume(WEB, 1, "/dev/none", NOW); // already gone

        assertEquals(List.of(), cycles.volumes(cycle));
        assertEquals(Optional.of(new SnapshotOwner(cycle, "/dev/xvda")), cycles.cycleOfSnapshot("snap-1"),
                "late events still resolve until it expires");
        assertEquals(expiry(NOW), raw(Keys.snapshotLookup("snap-1")).get(Attr.EXPIRES_AT));
    }

    @Test
    void finishingCleanupClearsTheMarkOnceAndLetsTheInstanceLookupExpire() {
        CycleRef cycle = imaging();
        cycles.recordPendingImage(cycle, "ami-1", NOW);
        cycles.markReady(cycle, "ami-1", List.of(), NOW);
        assertNull(raw(Keys.instanceLookup("i-1")).get(Attr.EXPIRES_AT));

        cycles.finishCleanup(new CycleRef(WEB, 2), NOW); // another generation: refused
        assertTrue(projects.find(WEB).orElseThrow().cleanupPending());

        cycles.finishCleanup(cycle, NOW);
        assertFalse(projects.find(WEB).orElseThrow().cleanupPending());
        assertEquals(List.of(), projects.inFlightSince(NOW.plusSeconds(1), 10));
        assertEquals(expiry(NOW), raw(Keys.instanceLookup("i-1")).get(Attr.EXPIRES_AT));

        cycles.finishCleanup(cycle, NOW.plusSeconds(60)); // done already: no second expiry
        assertEquals(expiry(NOW), raw(Keys.instanceLookup("i-1")).get(Attr.EXPIRES_AT));
    }

    @Test
    void theStoredProjectReadsBackWithEveryComponent() {
        CycleRef cycle = projects.claimLaunch(WEB, "alice", NOW).cycle();
        projects.recordLaunched(cycle, "i-1", NOW);
        MachineProfile uefi = new MachineProfile("x86_64", "/dev/sda1", true, "uefi");
        cycles.recordMapping(cycle, uefi, List.of(vol("/dev/sda1", "vol-1")), NOW);
        projects.markFailed(cycle, ProjectState.RUNNING, new Failure(ProjectState.RUNNING, "why"), NOW.plusSeconds(1));

        Project p = projects.find(WEB).orElseThrow();
        assertEquals(new Project(WEB, ProjectState.FAILED, 1, NOW.plusSeconds(1), "alice", "i-1", null, null, null,
                0, 1, uefi, 0, false, new Failure(ProjectState.RUNNING, "why")), p);
        assertEquals(List.of(p), projects.list());
    }

    @Test
    void recordingAttemptsCountsUpWhileTheStageHolds() {
        CycleRef cycle = imaging();
        assertEquals(1, projects.recordAttempt(cycle, ProjectState.IMAGING, NOW));
        assertEquals(2, projects.recordAttempt(cycle, ProjectState.IMAGING, NOW));
        assertEquals(2, projects.find(WEB).orElseThrow().attempts());
        assertThrows(ConcurrentUpdateException.class, () -> projects.recordAttempt(cycle, ProjectState.RUNNING, NOW));
    }

    @Test
    void deletingAProjectRemovesTheLookupsOfItsSnapshotsImagesAndInstance() {
        CycleRef cycle = imaging();
        cycles.recordPendingImage(cycle, "ami-1", NOW);
        cycles.markReady(cycle, "ami-1", List.of("snap-g1"), NOW);
        projects.claimLaunch(ProjectName.of("other"), "me", NOW);
        assertTrue(cycles.cycleOfSnapshot("snap-g1").isPresent());

        projects.delete(WEB);

        assertEquals(Optional.empty(), cycles.cycleOfSnapshot("snap-g1"));
        assertEquals(Optional.empty(), cycles.cycleOfImage("ami-1"));
        assertEquals(Optional.empty(), cycles.cycleOfInstance("i-1"));
        assertEquals(List.of(), cycles.retainedImages(WEB));
        assertTrue(projects.find(ProjectName.of("other")).isPresent(), "other projects untouched");
        projects.delete(WEB); // gone already: nothing to do
    }

    @Test
    void aRelaunchStartsCleanWithOrWithoutAnOwner() {
        CycleRef first = imaging();
        cycles.recordPendingImage(first, "ami-1", NOW);
        projects.markFailed(first, ProjectState.IMAGING, new Failure(ProjectState.IMAGING, "x"), NOW);

        Project second = projects.claimLaunch(WEB, null, NOW.plusSeconds(2));

        assertEquals(new Project(WEB, ProjectState.LAUNCHING, 2, NOW.plusSeconds(2), "me", null, null, null, null, 0,
                1, MACHINE, 0, false, null), second, "instance, pending image and failure cleared; owner kept");
        assertEquals(ProjectState.LAUNCHING, projects.find(ProjectName.of("web")).orElseThrow().state());
        assertNull(projects.claimLaunch(ProjectName.of("solo"), null, NOW).owner());
    }

    @Test
    void aReadyProjectCannotBeMarkedFailed() {
        CycleRef cycle = imaging();
        cycles.recordPendingImage(cycle, "ami-1", NOW);
        cycles.markReady(cycle, "ami-1", List.of(), NOW);

        assertThrows(dev.devbox.domain.IllegalTransitionException.class,
                () -> projects.markFailed(cycle, ProjectState.READY, new Failure(ProjectState.READY, "x"), NOW));
        assertEquals(ProjectState.READY, projects.find(WEB).orElseThrow().state());
    }

    // ---- a project brought to a stage through the stores' own writes ----

    private CycleRef running(String instanceId) {
        CycleRef cycle = projects.claimLaunch(WEB, "me", NOW).cycle();
        projects.recordLaunched(cycle, instanceId, NOW);
        return cycle;
    }

    private CycleRef snapshotting(int volumes) {
        CycleRef cycle = running("i-1");
        List<VolumeMapping> mapping = List.of(vol("/dev/xvda", "vol-1"), vol("/dev/sdf", "vol-2")).subList(0, volumes);
        assertTrue(cycles.recordMapping(cycle, MACHINE, mapping, NOW));
        cycles.beginSnapshotting(cycle, volumes, NOW);
        return cycle;
    }

    /** The next cycle of WEB, IMAGING (its one snapshot completed). */
    private CycleRef imaging() {
        Optional<Project> before = projects.find(WEB);
        CycleRef cycle = projects.claimLaunch(WEB, "me", NOW).cycle();
        String instance = before.isEmpty() ? "i-1" : "i-" + cycle.generation();
        projects.recordLaunched(cycle, instance, NOW);
        assertTrue(cycles.recordMapping(cycle, MACHINE, List.of(vol("/dev/xvda", "vol-" + cycle.generation())), NOW));
        cycles.beginSnapshotting(cycle, 1, NOW);
        cycles.recordSnapshot(cycle, "/dev/xvda", "snap-g" + cycle.generation());
        assertEquals(SnapshotCompletion.LAST, cycles.completeSnapshot(cycle, "/dev/xvda", "snap-g" + cycle.generation(), NOW));
        return cycle;
    }

    private static VolumeMapping vol(String device, String volumeId) {
        return new VolumeMapping(device, volumeId, "gp3", 8, null, null, false, null);
    }

    private static AttributeValue expiry(Instant now) {
        return AttributeValue.fromN(Long.toString(now.plus(Duration.ofDays(30)).getEpochSecond()));
    }

    private Map<String, AttributeValue> raw(Map<String, AttributeValue> key) {
        return dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
    }
}
