package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.SnapshotState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.SnapshotView;
import dev.devbox.port.Ec2Gateway.VolumeView;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.devbox.pipeline.Fixtures.CLOCK;
import static dev.devbox.pipeline.Fixtures.NOW;
import static dev.devbox.pipeline.Fixtures.SETTINGS;
import static dev.devbox.pipeline.Fixtures.STACK;
import static dev.devbox.pipeline.Fixtures.WEB;
import static dev.devbox.pipeline.Fixtures.cycle;
import static dev.devbox.pipeline.Fixtures.mapping;
import static dev.devbox.pipeline.Fixtures.project;
import static dev.devbox.pipeline.Fixtures.volume;
import static dev.devbox.pipeline.Fixtures.withoutMapping;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Terminated box to snapshots: exactly one per volume, adopted on retry, a bounded number of tries. */
class SnapshotTakerTest {
    private static final CycleRef CYCLE = cycle(2);

    private final ProjectStore projects = mock(ProjectStore.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private final Ec2Gateway ec2 = mock(Ec2Gateway.class);
    private final MappingCapture mappings = mock(MappingCapture.class);
    private final ProjectFailer failer = mock(ProjectFailer.class);
    private final EndingRecorder endings = mock(EndingRecorder.class);
    private final SnapshotTaker taker = new SnapshotTaker(projects, cycles, ec2, mappings, endings, failer, SETTINGS,
            CLOCK, Fixtures.quietLog());
    private final Project snapshotting = project(ProjectState.SNAPSHOTTING, 2);

    @BeforeEach
    void twoVolumesThatExist() {
        when(cycles.volumes(CYCLE)).thenReturn(List.of(
                volume("/dev/sda1", "vol-1", null, SnapshotState.NONE, 0),
                volume("/dev/sdf", "vol-2", null, SnapshotState.NONE, 0)));
        when(ec2.volumes(anyCollection())).thenReturn(List.of(
                new VolumeView(mapping("/dev/sda1", "vol-1"), "available", Ownership.cycleTags(STACK, CYCLE)),
                new VolumeView(mapping("/dev/sdf", "vol-2"), "available", Ownership.cycleTags(STACK, CYCLE))));
        when(ec2.snapshotsOfCycle(STACK, CYCLE)).thenReturn(List.of());
        when(ec2.createSnapshot(eq("vol-1"), anyString(), anyMap())).thenReturn("snap-1");
        when(ec2.createSnapshot(eq("vol-2"), anyString(), anyMap())).thenReturn("snap-2");
    }

    @Test
    void takesOneSnapshotPerVolumeTaggedWithTheCycleAndDevice() {
        taker.takeMissing(snapshotting);

        Map<String, String> tags = new HashMap<>(Ownership.cycleTags(STACK, CYCLE));
        tags.put("devbox:device", "/dev/sda1");
        verify(ec2).createSnapshot("vol-1", "devbox web g2 /dev/sda1", tags);
        tags.put("devbox:device", "/dev/sdf");
        verify(ec2).createSnapshot("vol-2", "devbox web g2 /dev/sdf", tags);
        verify(cycles).recordSnapshot(CYCLE, "/dev/sda1", "snap-1");
        verify(cycles).recordSnapshot(CYCLE, "/dev/sdf", "snap-2");
        verifyNoInteractions(failer);
    }

    @Test
    void onlyVolumesWithoutASnapshotAreTaken() {
        when(cycles.volumes(CYCLE)).thenReturn(List.of(
                volume("/dev/sda1", "vol-1", "snap-0", SnapshotState.PENDING, 0),
                volume("/dev/sdf", "vol-2", null, SnapshotState.NONE, 0)));

        taker.takeMissing(snapshotting);

        verify(ec2, never()).createSnapshot(eq("vol-1"), anyString(), anyMap());
        verify(ec2).createSnapshot(eq("vol-2"), anyString(), anyMap());
    }

    @Test
    void nothingToTakeCallsNoEc2() {
        when(cycles.volumes(CYCLE)).thenReturn(List.of(volume("/dev/sda1", "vol-1", "snap-0", SnapshotState.COMPLETED, 0)));

        taker.takeMissing(snapshotting);

        verifyNoInteractions(ec2, failer);
    }

    @Test
    void adoptsASnapshotAnEarlierTryTookForTheSameDeviceAndVolumeButNotAFailedOne() {
        Map<String, String> sda1 = new HashMap<>(Ownership.cycleTags(STACK, CYCLE));
        sda1.put("devbox:device", "/dev/sda1");
        Map<String, String> sdf = new HashMap<>(Ownership.cycleTags(STACK, CYCLE));
        sdf.put("devbox:device", "/dev/sdf");
        when(ec2.snapshotsOfCycle(STACK, CYCLE)).thenReturn(List.of(
                new SnapshotView("snap-earlier", "vol-1", "pending", "", sda1),
                new SnapshotView("snap-broken", "vol-2", "error", "", sdf),
                // Same device, another volume (a volume swapped under the device name): not this one's snapshot.
                new SnapshotView("snap-other-volume", "vol-9", "completed", "", sdf)));

        taker.takeMissing(snapshotting);

        verify(ec2, never()).createSnapshot(eq("vol-1"), anyString(), anyMap());
        verify(cycles).recordSnapshot(CYCLE, "/dev/sda1", "snap-earlier");
        verify(ec2).createSnapshot(eq("vol-2"), anyString(), anyMap());
        verify(cycles).recordSnapshot(CYCLE, "/dev/sdf", "snap-2");
    }

    @Test
    void aRecordedVolumeWithoutTheCyclesTagsIsNeitherSnapshottedNorKeptWaiting() {
        when(ec2.volumes(anyCollection())).thenReturn(List.of(
                new VolumeView(mapping("/dev/sda1", "vol-1"), "available", Ownership.cycleTags(STACK, CYCLE)),
                new VolumeView(mapping("/dev/sdf", "vol-2"), "available", Map.of("devbox:stack", "other"))));
        when(cycles.volumes(CYCLE)).thenReturn(List.of(
                volume("/dev/sdf", "vol-2", null, SnapshotState.NONE, 0),
                volume("/dev/sda1", "vol-1", null, SnapshotState.NONE, 0)));
        taker.takeMissing(snapshotting);
        verify(ec2, never()).createSnapshot(eq("vol-2"), anyString(), anyMap());
        verify(failer).fail(eq(CYCLE), eq(ProjectState.SNAPSHOTTING), contains("vol-2"));
    }

    @Test
    void aVolumeThatIsGoneFailsTheCycleInsteadOfWaitingForever() {
        when(ec2.volumes(anyCollection())).thenReturn(List.of(
                new VolumeView(mapping("/dev/sda1", "vol-1"), "available", Ownership.cycleTags(STACK, CYCLE))));
        when(cycles.volumes(CYCLE)).thenReturn(List.of(
                volume("/dev/sdf", "vol-2", null, SnapshotState.NONE, 0),
                volume("/dev/sda1", "vol-1", null, SnapshotState.NONE, 0)));

        taker.takeMissing(snapshotting);

        verify(failer).fail(eq(CYCLE), eq(ProjectState.SNAPSHOTTING), contains("vol-2"));
        verify(ec2, never()).createSnapshot(anyString(), anyString(), anyMap());
    }

    @Test
    void failsOnceAVolumeUsedItsLastAttemptButNotBefore() {
        int max = SETTINGS.maxSnapshotAttempts();
        when(cycles.volumes(CYCLE)).thenReturn(List.of(volume("/dev/sda1", "vol-1", null, SnapshotState.NONE, max - 1)));
        taker.takeMissing(snapshotting);
        verify(ec2).createSnapshot(eq("vol-1"), anyString(), anyMap());
        verifyNoInteractions(failer);

        when(cycles.volumes(CYCLE)).thenReturn(List.of(volume("/dev/sda1", "vol-1", null, SnapshotState.NONE, max)));
        taker.takeMissing(snapshotting);
        verify(failer).fail(eq(CYCLE), eq(ProjectState.SNAPSHOTTING), contains(max + " times"));
        verify(ec2).createSnapshot(eq("vol-1"), anyString(), anyMap());
    }

    @Test
    void aSnapshotRecordedMeanwhileDoesNotStopTheOthers() {
        doThrow(new ConcurrentUpdateException("raced", null)).when(cycles).recordSnapshot(CYCLE, "/dev/sda1", "snap-1");

        taker.takeMissing(snapshotting);

        verify(cycles).recordSnapshot(CYCLE, "/dev/sdf", "snap-2");
    }

    @Test
    void aTerminatedRunningBoxBeginsSnapshottingWithItsVolumeCountThenTakesThem() {
        Project running = project(ProjectState.RUNNING, 2);
        when(projects.find(WEB)).thenReturn(Optional.of(snapshotting));

        taker.instanceTerminated(running);

        InOrder order = inOrder(endings, cycles, ec2);
        order.verify(endings).boxEnded(running);
        order.verify(cycles).beginSnapshotting(CYCLE, 2, NOW);
        order.verify(ec2).createSnapshot(eq("vol-1"), anyString(), anyMap());
        verifyNoInteractions(mappings);
    }

    @Test
    void aBoxSeenTerminatedAgainOnceSnapshottingIsNotRecordedAgain() {
        taker.instanceTerminated(snapshotting);

        verifyNoInteractions(endings);
    }

    @Test
    void aLostBeginRaceStillTakesTheSnapshotsOfTheCycleAsItIsNow() {
        doThrow(new ConcurrentUpdateException("moved", null)).when(cycles).beginSnapshotting(any(), anyInt(), any());
        when(projects.find(WEB)).thenReturn(Optional.of(snapshotting));

        taker.instanceTerminated(project(ProjectState.RUNNING, 2));

        verify(ec2).createSnapshot(eq("vol-1"), anyString(), anyMap());
    }

    @Test
    void anUncapturedMappingIsCapturedFirstAndTheBoxFailsIfItStillIsNot() {
        Project uncaptured = withoutMapping(project(ProjectState.RUNNING, 2));
        when(projects.find(WEB)).thenReturn(Optional.of(uncaptured));

        taker.instanceTerminated(uncaptured);

        verify(mappings).capture(uncaptured, "i-1");
        verify(failer).fail(eq(CYCLE), eq(ProjectState.RUNNING), contains("never captured"));
        verify(cycles, never()).beginSnapshotting(any(), anyInt(), any());
        verify(ec2, never()).createSnapshot(anyString(), anyString(), anyMap());
    }

    @Test
    void aMappingCapturedAtTheLastMomentIsSnapshotted() {
        Project uncaptured = withoutMapping(project(ProjectState.RUNNING, 2));
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.RUNNING, 2)), Optional.of(snapshotting));

        taker.instanceTerminated(uncaptured);

        verify(mappings).capture(uncaptured, "i-1");
        verify(cycles).beginSnapshotting(CYCLE, 2, NOW);
        verify(ec2).createSnapshot(eq("vol-1"), anyString(), anyMap());
        verifyNoInteractions(failer);
    }

    @Test
    void laterStagesTakeNothing() {
        for (ProjectState s : List.of(ProjectState.IMAGING, ProjectState.READY, ProjectState.FAILED,
                ProjectState.LAUNCHING)) {
            taker.instanceTerminated(project(s, 2));
        }

        verifyNoInteractions(ec2, mappings, failer);
        verify(cycles, never()).beginSnapshotting(any(), anyInt(), any());
    }
}
