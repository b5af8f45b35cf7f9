package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.SnapshotState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.EventPublisher;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.util.List;
import java.util.Optional;

import static dev.devbox.pipeline.Fixtures.CLOCK;
import static dev.devbox.pipeline.Fixtures.NOW;
import static dev.devbox.pipeline.Fixtures.WEB;
import static dev.devbox.pipeline.Fixtures.cycle;
import static dev.devbox.pipeline.Fixtures.project;
import static dev.devbox.pipeline.Fixtures.volume;
import static dev.devbox.pipeline.Fixtures.withImage;
import static dev.devbox.pipeline.Fixtures.withPendingImage;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The AMI's final state: READY then cleanup, a resumed READY, FAILED; anything stale changes nothing. */
class ImageFinisherTest {
    private static final CycleRef CYCLE = cycle(4);

    private final ProjectStore projects = mock(ProjectStore.class);
    private final CycleStore cycles = mock(CycleStore.class);
    private final EventPublisher publisher = mock(EventPublisher.class);
    private final ProjectFailer failer = mock(ProjectFailer.class);
    private final Cleaner cleaner = mock(Cleaner.class);
    private final ImageFinisher finisher = new ImageFinisher(projects, cycles, publisher, failer, cleaner, CLOCK,
            Fixtures.quietLog());

    @Test
    void anAvailablePendingImageMakesTheProjectReadyWithItsSnapshotsThenPublishesThenCleans() {
        given(withPendingImage(project(ProjectState.IMAGING, 4), "ami-1"));
        when(cycles.volumes(CYCLE)).thenReturn(List.of(
                volume("/dev/sda1", "vol-1", "snap-1", SnapshotState.COMPLETED, 0),
                volume("/dev/sdf", "vol-2", null, SnapshotState.NONE, 0),
                volume("/dev/sdg", "vol-3", "snap-3", SnapshotState.COMPLETED, 0)));

        finisher.available(CYCLE, "ami-1");

        InOrder order = inOrder(cycles, publisher, cleaner);
        order.verify(cycles).markReady(CYCLE, "ami-1", List.of("snap-1", "snap-3"), NOW);
        order.verify(publisher).projectReady(CYCLE, "ami-1");
        order.verify(cleaner).clean(WEB);
    }

    @Test
    void aLostReadyRaceNeitherPublishesNorCleans() {
        given(withPendingImage(project(ProjectState.IMAGING, 4), "ami-1"));
        when(cycles.volumes(CYCLE)).thenReturn(List.of());
        doThrow(new ConcurrentUpdateException("moved", null)).when(cycles).markReady(any(), anyString(), anyList(), any());

        finisher.available(CYCLE, "ami-1");

        verifyNoInteractions(publisher, cleaner);
    }

    @Test
    void aRetryAfterReadyFinishesPublishingAndCleaningWithoutRecordingAgain() {
        given(withImage(project(ProjectState.READY, 4), "ami-1", true));

        finisher.available(CYCLE, "ami-1");

        verify(cycles, never()).markReady(any(), anyString(), anyList(), any());
        verify(publisher).projectReady(CYCLE, "ami-1");
        verify(cleaner).clean(WEB);
    }

    @Test
    void staleOrForeignImagesChangeNothing() {
        // Another generation, another image, a READY whose cleanup is done, a READY on another image, no project.
        List<Project> cases = List.of(
                withPendingImage(project(ProjectState.IMAGING, 5), "ami-1"),
                withPendingImage(project(ProjectState.IMAGING, 4), "ami-2"),
                withImage(project(ProjectState.READY, 4), "ami-1", false),
                withImage(project(ProjectState.READY, 4), "ami-2", true),
                withPendingImage(project(ProjectState.SNAPSHOTTING, 4), "ami-1"));
        for (Project p : cases) {
            given(p);
            finisher.available(CYCLE, "ami-1");
        }
        when(projects.find(WEB)).thenReturn(Optional.empty());
        finisher.available(CYCLE, "ami-1");

        verify(cycles, never()).markReady(any(), anyString(), anyList(), any());
        verifyNoInteractions(publisher, cleaner);
    }

    @Test
    void aFailedPendingImageFailsTheProjectWithEc2sReason() {
        given(withPendingImage(project(ProjectState.IMAGING, 4), "ami-1"));

        finisher.failed(CYCLE, "ami-1", "out of capacity");
        finisher.failed(CYCLE, "ami-1", " ");
        finisher.failed(CYCLE, "ami-1", null);

        verify(failer).fail(CYCLE, ProjectState.IMAGING, "AMI ami-1 failed: out of capacity; volumes are kept");
        verify(failer, org.mockito.Mockito.times(2)).fail(CYCLE, ProjectState.IMAGING,
                "AMI ami-1 failed: no reason given; volumes are kept");
    }

    @Test
    void aFailureOfAnImageThatIsNotThePendingOneIsIgnored() {
        for (Project p : List.of(withPendingImage(project(ProjectState.IMAGING, 5), "ami-1"),
                withPendingImage(project(ProjectState.IMAGING, 4), "ami-2"),
                withImage(project(ProjectState.READY, 4), "ami-1", true),
                project(ProjectState.IMAGING, 4))) {
            given(p);
            finisher.failed(CYCLE, "ami-1", "x");
        }
        when(projects.find(WEB)).thenReturn(Optional.empty());
        finisher.failed(CYCLE, "ami-1", "x");

        verifyNoInteractions(failer);
    }

    private void given(Project p) {
        when(projects.find(WEB)).thenReturn(Optional.of(p));
    }
}
