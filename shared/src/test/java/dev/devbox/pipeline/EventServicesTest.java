package dev.devbox.pipeline;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.event.ImageStateChange;
import dev.devbox.event.InstanceStateChange;
import dev.devbox.event.SnapshotNotification;
import dev.devbox.port.CycleStore;
import dev.devbox.port.CycleStore.SnapshotOwner;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.devbox.pipeline.Fixtures.WEB;
import static dev.devbox.pipeline.Fixtures.cycle;
import static dev.devbox.pipeline.Fixtures.project;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The three handlers' routing: which events reach which step, and which stop at one key read. */
class EventServicesTest {
    private final ProjectStore projects = mock(ProjectStore.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private final MappingCapture mappings = mock(MappingCapture.class);
    private final SnapshotTaker taker = mock(SnapshotTaker.class);
    private final SnapshotResults results = mock(SnapshotResults.class);
    private final ImageFinisher finisher = mock(ImageFinisher.class);

    private final InstanceEventService instances = new InstanceEventService(projects, cycles, mappings, taker,
            Fixtures.quietLog());
    private final SnapshotEventService snapshots = new SnapshotEventService(cycles, results, Fixtures.quietLog());
    private final ImageEventService images = new ImageEventService(cycles, finisher, Fixtures.quietLog());

    @Test
    void aTerminatedBoxOfTheCurrentCycleIsSnapshotted() {
        Project running = project(ProjectState.RUNNING, 2);
        when(cycles.cycleOfInstance("i-1")).thenReturn(Optional.of(cycle(2)));
        when(projects.find(WEB)).thenReturn(Optional.of(running));

        instances.handle(new InstanceStateChange("i-1", "terminated"));

        verify(taker).instanceTerminated(running);
        verifyNoInteractions(mappings);
    }

    @Test
    void runningAndShuttingDownCaptureTheMappingOfARunningProject() {
        Project running = project(ProjectState.RUNNING, 2);
        when(cycles.cycleOfInstance("i-1")).thenReturn(Optional.of(cycle(2)));
        when(projects.find(WEB)).thenReturn(Optional.of(running));

        instances.handle(new InstanceStateChange("i-1", "running"));
        instances.handle(new InstanceStateChange("i-1", "shutting-down"));

        verify(mappings, org.mockito.Mockito.times(2)).capture(running, "i-1");
        verifyNoInteractions(taker);
    }

    @Test
    void aRunningEventAfterTheProjectMovedOnCapturesNothing() {
        when(cycles.cycleOfInstance("i-1")).thenReturn(Optional.of(cycle(2)));
        when(projects.find(WEB)).thenReturn(Optional.of(project(ProjectState.SNAPSHOTTING, 2)));

        instances.handle(new InstanceStateChange("i-1", "running"));

        verifyNoInteractions(mappings, taker);
    }

    @Test
    void otherStatesUnknownInstancesAndStaleCyclesAreAcknowledged() {
        for (String state : List.of("pending", "stopping", "stopped")) {
            instances.handle(new InstanceStateChange("i-1", state));
        }
        verifyNoInteractions(cycles);

        when(cycles.cycleOfInstance("i-unknown")).thenReturn(Optional.empty());
        instances.handle(new InstanceStateChange("i-unknown", "terminated"));
        verifyNoInteractions(projects);

        when(cycles.cycleOfInstance("i-1")).thenReturn(Optional.of(cycle(2)));
        for (Project stale : List.of(project(ProjectState.RUNNING, 3), relaunchedOn("i-2"))) {
            when(projects.find(WEB)).thenReturn(Optional.of(stale));
            instances.handle(new InstanceStateChange("i-1", "terminated"));
        }
        when(projects.find(WEB)).thenReturn(Optional.empty());
        instances.handle(new InstanceStateChange("i-1", "terminated"));

        verifyNoInteractions(mappings, taker);
    }

    @Test
    void snapshotNotificationsOfDevboxSnapshotsAreCountedOrRetried() {
        when(cycles.cycleOfSnapshot("snap-1")).thenReturn(Optional.of(new SnapshotOwner(cycle(2), "/dev/sda1")));

        snapshots.handle(notification("createSnapshot", "succeeded", "snap-1"));
        snapshots.handle(notification("createSnapshot", "failed", "snap-1"));

        verify(results).succeeded(cycle(2), "/dev/sda1", "snap-1");
        verify(results).failed(cycle(2), "/dev/sda1", "snap-1", "cause");
    }

    @Test
    void otherSnapshotEventsAndForeignSnapshotsAreAcknowledged() {
        snapshots.handle(notification("copySnapshot", "succeeded", "snap-1"));
        verifyNoInteractions(cycles);

        when(cycles.cycleOfSnapshot("snap-9")).thenReturn(Optional.empty());
        snapshots.handle(notification("createSnapshot", "succeeded", "snap-9"));
        verifyNoInteractions(results);
    }

    @Test
    void finalImageStatesOfDevboxImagesFinishTheCycle() {
        CycleRef cycle = cycle(2);
        when(cycles.cycleOfImage("ami-1")).thenReturn(Optional.of(cycle));

        images.handle(new ImageStateChange("ami-1", "available", null));
        images.handle(new ImageStateChange("ami-1", "failed", "no capacity"));

        verify(finisher).available(cycle, "ami-1");
        verify(finisher).failed(cycle, "ami-1", "no capacity");
    }

    @Test
    void otherImageStatesAndForeignImagesAreAcknowledged() {
        for (String state : List.of("pending", "deregistered", "disabled")) {
            images.handle(new ImageStateChange("ami-1", state, null));
        }
        verifyNoInteractions(cycles);

        when(cycles.cycleOfImage("ami-9")).thenReturn(Optional.empty());
        images.handle(new ImageStateChange("ami-9", "available", null));
        verify(finisher, never()).available(any(), anyString());
        verify(finisher, never()).failed(any(), anyString(), any());
    }

    private static Project relaunchedOn(String instanceId) {
        Project p = project(ProjectState.RUNNING, 2);
        return new Project(p.name(), p.state(), p.generation(), p.stateSince(), p.owner(), instanceId, null, null,
                null, 0, 2, p.machine(), 0, false, null);
    }

    private static SnapshotNotification notification(String event, String result, String snapshotId) {
        return new SnapshotNotification(event, result, "cause", "arn:aws:ec2:us-east-1::snapshot/" + snapshotId,
                "arn:aws:ec2:us-east-1::volume/vol-1");
    }
}
