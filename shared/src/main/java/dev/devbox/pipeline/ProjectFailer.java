package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.domain.ProjectState;
import dev.devbox.port.EventPublisher;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.time.Clock;

/** Moves a cycle to FAILED with its reason and tells subscribers. Never deletes anything. */
public final class ProjectFailer {
    private final ProjectStore projects;
    private final EventPublisher publisher;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public ProjectFailer(ProjectStore projects, EventPublisher publisher, Clock clock, StepLog log) {
        this.projects = projects;
        this.publisher = publisher;
        this.clock = clock;
        this.log = log;
    }

    public void fail(CycleRef cycle, ProjectState stage, String reason) {
        StepLog.Step step = log.step("fail-project").cycle(cycle).with("stage", stage).with("reason", reason);
        Failure failure = new Failure(stage, reason);
        try {
            projects.markFailed(cycle, stage, failure, clock.instant());
        } catch (ConcurrentUpdateException moved) {
            step.outcome("already-moved");
            return;
        }
        publisher.projectFailed(cycle, failure);
        step.warn("failed");
    }
}
