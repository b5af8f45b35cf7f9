package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.Failure;
import dev.devbox.domain.ProjectState;
import dev.devbox.port.EventPublisher;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import static dev.devbox.pipeline.Fixtures.CLOCK;
import static dev.devbox.pipeline.Fixtures.NOW;
import static dev.devbox.pipeline.Fixtures.cycle;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

class ProjectFailerTest {
    private final ProjectStore projects = mock(ProjectStore.class);
    private final EventPublisher publisher = mock(EventPublisher.class);
    private final ProjectFailer failer = new ProjectFailer(projects, publisher, CLOCK, Fixtures.quietLog());

    @Test
    void recordsTheFailureThenTellsSubscribers() {
        failer.fail(cycle(2), ProjectState.SNAPSHOTTING, "why");

        Failure failure = new Failure(ProjectState.SNAPSHOTTING, "why");
        InOrder order = inOrder(projects, publisher);
        order.verify(projects).markFailed(cycle(2), ProjectState.SNAPSHOTTING, failure, NOW);
        order.verify(publisher).projectFailed(cycle(2), failure);
    }

    @Test
    void aCycleThatMovedOnIsNotAnnouncedAsFailed() {
        doThrow(new ConcurrentUpdateException("moved", null)).when(projects).markFailed(any(), any(), any(), any());

        failer.fail(cycle(2), ProjectState.RUNNING, "why");

        verifyNoInteractions(publisher);
    }
}
