package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.SnapshotState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.ImageView;
import dev.devbox.port.Ec2Gateway.InstanceView;
import dev.devbox.port.Ec2Gateway.SnapshotView;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.devbox.pipeline.Fixtures.CLOCK;
import static dev.devbox.pipeline.Fixtures.MACHINE;
import static dev.devbox.pipeline.Fixtures.NOW;
import static dev.devbox.pipeline.Fixtures.SETTINGS;
import static dev.devbox.pipeline.Fixtures.STACK;
import static dev.devbox.pipeline.Fixtures.WEB;
import static dev.devbox.pipeline.Fixtures.cycle;
import static dev.devbox.pipeline.Fixtures.project;
import static dev.devbox.pipeline.Fixtures.volume;
import static dev.devbox.pipeline.Fixtures.withPendingImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The safety net: what each stuck state leads to, batching, and one project's failure isolated from the rest. */
class ReconcilerTest {
    private final ProjectStore projects = mock(ProjectStore.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private final Ec2Gateway ec2 = mock(Ec2Gateway.class);
    private final MappingCapture mappings = mock(MappingCapture.class);
    private final SnapshotTaker snapshots = mock(SnapshotTaker.class);
    private final SnapshotResults results = mock(SnapshotResults.class);
    private final ImageFinisher finisher = mock(ImageFinisher.class);
    private final Cleaner cleaner = mock(Cleaner.class);
    private final ProjectFailer failer = mock(ProjectFailer.class);
    private final Reconciler reconciler = new Reconciler(projects, cycles, ec2, mappings, snapshots, results, finisher,
            cleaner, failer, SETTINGS, CLOCK, Fixtures.quietLog());

    @Test
    void asksOnlyForProjectsStuckLongerThanTheThresholdAndCountsThem() {
        stuck(project(ProjectState.FAILED, 1), project(ProjectState.FAILED, 2));

        assertEquals(2, reconciler.reconcile());
        verify(projects).inFlightSince(NOW.minus(SETTINGS.stuckAfter()), Reconciler.BATCH);
    }

    @Test
    void describesRunningBoxesInBatchesOfFifty() {
        List<Project> many = new ArrayList<>();
        for (int i = 0; i < 2 * Reconciler.BATCH + 1; i++) {
            many.add(running("p" + i, "i-" + i));
        }
        many.add(project(ProjectState.IMAGING, 1)); // not RUNNING: not described
        when(projects.inFlightSince(any(), eq(Reconciler.BATCH))).thenReturn(many);
        when(ec2.instances(anyCollection())).thenReturn(List.of());
        when(projects.recordAttempt(any(), any(), any())).thenReturn(1);

        reconciler.reconcile();

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Collection<String>> batches = ArgumentCaptor.forClass(Collection.class);
        verify(ec2, times(3)).instances(batches.capture());
        assertEquals(List.of(50, 50, 1), batches.getAllValues().stream().map(Collection::size).toList());
        assertEquals("i-0", batches.getAllValues().get(0).iterator().next());
        assertEquals("i-100", batches.getAllValues().get(2).iterator().next());
    }

    @Test
    void noRunningBoxNoDescribe() {
        stuck(project(ProjectState.FAILED, 1));

        reconciler.reconcile();

        verify(ec2, never()).instances(anyCollection());
    }

    @Test
    void aLaunchTheCliNeverRecordedIsRecordedFromItsTaggedInstance() {
        Project launching = project(ProjectState.LAUNCHING, 3);
        stuck(launching);
        when(ec2.instancesOfCycle(STACK, cycle(3))).thenReturn(List.of(instance("i-9", "pending", MACHINE)));

        reconciler.reconcile();

        verify(projects).recordLaunched(cycle(3), "i-9", NOW);
        verifyNoInteractions(failer);
    }

    @Test
    void aLaunchWithoutAnyInstanceFails() {
        stuck(project(ProjectState.LAUNCHING, 3));
        when(ec2.instancesOfCycle(STACK, cycle(3))).thenReturn(List.of());

        reconciler.reconcile();

        verify(failer).fail(eq(cycle(3)), eq(ProjectState.LAUNCHING), anyString());
        verify(projects, never()).recordLaunched(any(), anyString(), any());
    }

    @Test
    void aRunningProjectWhoseBoxIsGoneOrTerminatedIsSnapshotted() {
        Project gone = running("gone", "i-gone");
        Project ended = running("ended", "i-ended");
        stuck(gone, ended);
        when(ec2.instances(anyCollection())).thenReturn(List.of(instance("i-ended", "terminated", null)));

        reconciler.reconcile();

        verify(snapshots).instanceTerminated(gone);
        verify(snapshots).instanceTerminated(ended);
        verifyNoInteractions(mappings);
    }

    @Test
    void aRunningBoxHasItsMappingCapturedWhileItReportsOne() {
        Project withMachine = running("a", "i-a");
        Project withoutMachine = running("b", "i-b");
        stuck(withMachine, withoutMachine);
        InstanceView a = instance("i-a", "running", MACHINE);
        when(ec2.instances(anyCollection())).thenReturn(List.of(a, instance("i-b", "stopping", null)));

        reconciler.reconcile();

        verify(mappings).capture(withMachine, a);
        // A box that reports no machine is still running: it is not snapshotted. (Whether capture is asked
        // is not observable: MappingCapture itself refuses a machine-less instance.)
        verifyNoInteractions(snapshots);
    }

    @Test
    void snapshottingTakesWhatIsMissingThenSettlesEachPendingSnapshotByItsState() {
        Project p = project(ProjectState.SNAPSHOTTING, 2);
        stuck(p);
        when(cycles.volumes(cycle(2))).thenReturn(List.of(
                volume("/dev/a", "vol-a", "snap-done", SnapshotState.PENDING, 0),
                volume("/dev/b", "vol-b", "snap-error", SnapshotState.PENDING, 0),
                volume("/dev/c", "vol-c", "snap-gone", SnapshotState.PENDING, 0),
                volume("/dev/d", "vol-d", "snap-busy", SnapshotState.PENDING, 0),
                volume("/dev/e", "vol-e", "snap-counted", SnapshotState.COMPLETED, 0)));
        when(ec2.snapshots(anyCollection())).thenReturn(List.of(
                snapshot("snap-done", "completed", ""), snapshot("snap-error", "error", "disk fault"),
                snapshot("snap-busy", "pending", ""), snapshot("snap-counted", "completed", "")));

        reconciler.reconcile();

        verify(snapshots).takeMissing(p);
        verify(results).succeeded(cycle(2), "/dev/a", "snap-done");
        verify(results).failed(cycle(2), "/dev/b", "snap-error", "disk fault");
        verify(results).failed(cycle(2), "/dev/c", "snap-gone", "snapshot disappeared");
        verify(results, never()).succeeded(any(), eq("/dev/d"), anyString());
        verify(results, never()).failed(any(), eq("/dev/d"), anyString(), any());
        verify(results, never()).succeeded(any(), eq("/dev/e"), anyString());
    }

    @Test
    void imagingWithoutAnImageRetriesRegistrationUpToTheBoundThenFails() {
        Project p = project(ProjectState.IMAGING, 2);
        stuck(p);
        int max = SETTINGS.maxImageAttempts();

        when(projects.recordAttempt(cycle(2), ProjectState.IMAGING, NOW)).thenReturn(max);
        reconciler.reconcile();
        verify(results).resumeImaging(cycle(2));
        verifyNoInteractions(failer);

        when(projects.recordAttempt(cycle(2), ProjectState.IMAGING, NOW)).thenReturn(max + 1);
        reconciler.reconcile();
        verify(results, times(1)).resumeImaging(any());
        verify(failer).fail(eq(cycle(2)), eq(ProjectState.IMAGING), contains(max + " attempts"));
    }

    @Test
    void imagingWithAnImageFollowsTheImagesState() {
        Project p = withPendingImage(project(ProjectState.IMAGING, 2), "ami-1");
        stuck(p);

        when(ec2.image("ami-1")).thenReturn(Optional.of(image("pending", "")));
        reconciler.reconcile();
        verifyNoInteractions(finisher);

        when(ec2.image("ami-1")).thenReturn(Optional.of(image("available", "")));
        reconciler.reconcile();
        verify(finisher).available(cycle(2), "ami-1");

        for (String state : List.of("failed", "deregistered")) {
            when(ec2.image("ami-1")).thenReturn(Optional.of(image(state, "reason " + state)));
            reconciler.reconcile();
            verify(finisher).failed(cycle(2), "ami-1", "reason " + state);
        }
        when(ec2.image("ami-1")).thenReturn(Optional.empty());
        reconciler.reconcile();
        verify(finisher).failed(cycle(2), "ami-1", "the AMI disappeared");
        verify(projects, never()).recordAttempt(any(), any(), any());
    }

    @Test
    void readyProjectsAreCleanedAndFailedOnesLeftAlone() {
        stuck(project(ProjectState.READY, 2), project(ProjectState.FAILED, 1));

        reconciler.reconcile();

        verify(cleaner).clean(WEB);
        verifyNoInteractions(failer, snapshots, results, finisher);
    }

    @Test
    void oneFailingProjectDoesNotStopTheOthersAndThePassStillReportsIt() {
        Project first = named(ProjectState.READY, "first");
        Project second = named(ProjectState.READY, "second");
        Project third = named(ProjectState.READY, "third");
        stuck(first, second, third);
        IllegalStateException boom = new IllegalStateException("boom");
        doThrow(boom).when(cleaner).clean(first.name());

        ReconcileIncompleteException e = assertThrows(ReconcileIncompleteException.class, reconciler::reconcile);

        verify(cleaner).clean(second.name());
        verify(cleaner).clean(third.name());
        assertSame(boom, e.getCause());
        assertEquals("1 of 3 stuck projects could not be advanced this pass; the next pass retries them", e.getMessage());
    }

    @Test
    void everyFailureIsKeptOnTheReport() {
        Project first = named(ProjectState.READY, "first");
        Project second = named(ProjectState.READY, "second");
        stuck(first, second);
        IllegalStateException one = new IllegalStateException("one");
        IllegalStateException two = new IllegalStateException("two");
        doThrow(one).when(cleaner).clean(first.name());
        doThrow(two).when(cleaner).clean(second.name());

        ReconcileIncompleteException e = assertThrows(ReconcileIncompleteException.class, reconciler::reconcile);

        assertSame(one, e.getCause());
        assertEquals(List.of(two), List.of(e.getSuppressed()));
    }

    @Test
    void aProjectMovedOnByAnEventHandlerIsNotAFailure() {
        Project first = named(ProjectState.READY, "first");
        Project second = named(ProjectState.READY, "second");
        stuck(first, second);
        doThrow(new ConcurrentUpdateException("moved", null)).when(cleaner).clean(first.name());

        assertEquals(2, reconciler.reconcile());
        verify(cleaner, atLeastOnce()).clean(second.name());
    }

    private void stuck(Project... stuck) {
        when(projects.inFlightSince(any(), eq(Reconciler.BATCH))).thenReturn(List.of(stuck));
    }

    private static Project running(String name, String instanceId) {
        return new Project(ProjectName.of(name), ProjectState.RUNNING, 1, Instant.EPOCH, "me", instanceId, null, null,
                null, 0, 1, MACHINE, 0, false, null);
    }

    private static Project named(ProjectState state, String name) {
        return new Project(ProjectName.of(name), state, 1, Instant.EPOCH, "me", "i-1", null, null, null, 0, 1,
                MACHINE, 0, true, null);
    }

    private static InstanceView instance(String id, String state, dev.devbox.domain.MachineProfile machine) {
        return new InstanceView(id, state, Map.of(), machine, Map.of("/dev/sda1", "vol-1"));
    }

    private static SnapshotView snapshot(String id, String state, String message) {
        return new SnapshotView(id, "vol", state, message, Map.of());
    }

    private static ImageView image(String state, String reason) {
        return new ImageView("ami-1", "n", state, reason, Map.of(), List.of());
    }
}
