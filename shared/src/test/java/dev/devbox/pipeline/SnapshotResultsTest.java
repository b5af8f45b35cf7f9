package dev.devbox.pipeline;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.CycleStore.SnapshotCompletion;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static dev.devbox.pipeline.Fixtures.CLOCK;
import static dev.devbox.pipeline.Fixtures.NOW;
import static dev.devbox.pipeline.Fixtures.WEB;
import static dev.devbox.pipeline.Fixtures.cycle;
import static dev.devbox.pipeline.Fixtures.project;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Counting completions and retrying failures: who registers the AMI, who takes a snapshot again. */
class SnapshotResultsTest {
    private static final CycleRef CYCLE = cycle(3);

    private final ProjectStore projects = mock(ProjectStore.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private final SnapshotTaker taker = mock(SnapshotTaker.class);
    private final ImageRegistrar registrar = mock(ImageRegistrar.class);
    private final SnapshotResults results = new SnapshotResults(projects, cycles, taker, registrar, CLOCK,
            Fixtures.quietLog());

    @Test
    void aCountedCompletionThatIsNotTheLastRegistersNothing() {
        when(cycles.completeSnapshot(CYCLE, "/dev/sda1", "snap-1", NOW)).thenReturn(SnapshotCompletion.COUNTED);
        given(project(ProjectState.IMAGING, 3));

        results.succeeded(CYCLE, "/dev/sda1", "snap-1");

        verifyNoInteractions(registrar);
    }

    @Test
    void theLastCompletionAndEveryDuplicateResumeImaging() {
        Project imaging = project(ProjectState.IMAGING, 3);
        given(imaging);
        for (SnapshotCompletion c : new SnapshotCompletion[] {SnapshotCompletion.LAST,
                SnapshotCompletion.ALREADY_COUNTED, SnapshotCompletion.NOT_SNAPSHOTTING}) {
            when(cycles.completeSnapshot(CYCLE, "/dev/sda1", "snap-1", NOW)).thenReturn(c);
            results.succeeded(CYCLE, "/dev/sda1", "snap-1");
        }

        verify(registrar, org.mockito.Mockito.times(3)).register(imaging);
    }

    @Test
    void resumingRegistersOnlyForTheSameGenerationWhileImaging() {
        for (Project p : new Project[] {project(ProjectState.IMAGING, 4), project(ProjectState.SNAPSHOTTING, 3),
                project(ProjectState.READY, 3)}) {
            given(p);
            results.resumeImaging(CYCLE);
        }
        when(projects.find(WEB)).thenReturn(Optional.empty());
        results.resumeImaging(CYCLE);

        verifyNoInteractions(registrar);
    }

    @Test
    void aFailedSnapshotIsTakenAgainWhileTheCycleIsSnapshotting() {
        Project snapshotting = project(ProjectState.SNAPSHOTTING, 3);
        given(snapshotting);
        when(cycles.snapshotFailed(CYCLE, "/dev/sda1", "snap-1")).thenReturn(OptionalInt.of(1));

        results.failed(CYCLE, "/dev/sda1", "snap-1", "boom");

        verify(taker).takeMissing(snapshotting);
    }

    @Test
    void aFailureAlreadyHandledOrOfAnotherCycleTakesNothing() {
        given(project(ProjectState.SNAPSHOTTING, 3));
        when(cycles.snapshotFailed(CYCLE, "/dev/sda1", "snap-1")).thenReturn(OptionalInt.empty());
        results.failed(CYCLE, "/dev/sda1", "snap-1", "boom");

        when(cycles.snapshotFailed(CYCLE, "/dev/sda1", "snap-1")).thenReturn(OptionalInt.of(2));
        for (Project p : new Project[] {project(ProjectState.SNAPSHOTTING, 4), project(ProjectState.IMAGING, 3)}) {
            given(p);
            results.failed(CYCLE, "/dev/sda1", "snap-1", "boom");
        }

        verify(taker, never()).takeMissing(any());
    }

    private void given(Project p) {
        when(projects.find(WEB)).thenReturn(Optional.of(p));
    }
}
