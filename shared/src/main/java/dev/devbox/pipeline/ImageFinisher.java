package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.EventPublisher;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** The cycle's AMI reached a final state: READY (then cleanup), or FAILED with EC2's message. */
public final class ImageFinisher {
    private final ProjectStore projects;
    private final CycleStore cycles;
    private final EventPublisher publisher;
    private final ProjectFailer failer;
    private final Cleaner cleaner;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public ImageFinisher(ProjectStore projects, CycleStore cycles, EventPublisher publisher, ProjectFailer failer,
                         Cleaner cleaner, Clock clock, StepLog log) {
        this.projects = projects;
        this.cycles = cycles;
        this.publisher = publisher;
        this.failer = failer;
        this.cleaner = cleaner;
        this.clock = clock;
        this.log = log;
    }

    public void available(CycleRef cycle, String imageId) {
        StepLog.Step step = log.step("mark-ready").cycle(cycle).with("image", imageId).with("stage", ProjectState.IMAGING);
        Project project = projects.find(cycle.project()).orElse(null);
        if (project == null || project.generation() != cycle.generation()) {
            step.outcome("stale");
            return;
        }
        if (project.state() == ProjectState.IMAGING && imageId.equals(project.pendingImageId())) {
            List<String> snapshotIds = cycles.volumes(cycle).stream().map(CycleVolume::snapshotId)
                    .filter(Objects::nonNull).toList();
            try {
                cycles.markReady(cycle, imageId, snapshotIds, clock.instant());
            } catch (ConcurrentUpdateException raced) {
                step.outcome("already-moved");
                return;
            }
            step.with("instance", project.instanceId()).outcome("ready");
        } else if (project.state() == ProjectState.READY && project.cleanupPending() && imageId.equals(project.imageId())) {
            // A retry after a crash or a failed publish: READY is recorded, finish what follows it.
            step.outcome("resumed");
        } else {
            step.outcome("not-current");
            return;
        }
        // At least once: a retry before cleanup finished publishes again.
        publisher.projectReady(cycle, imageId);
        cleaner.clean(cycle.project());
    }

    public void failed(CycleRef cycle, String imageId, String message) {
        StepLog.Step step = log.step("image-failed").cycle(cycle).with("image", imageId).with("stage", ProjectState.IMAGING);
        Project project = projects.find(cycle.project()).orElse(null);
        if (project == null || project.generation() != cycle.generation() || project.state() != ProjectState.IMAGING
                || !imageId.equals(project.pendingImageId())) {
            step.outcome("not-current");
            return;
        }
        step.outcome("failing");
        failer.fail(cycle, ProjectState.IMAGING, "AMI " + imageId + " failed: "
                + (message == null || message.isBlank() ? "no reason given" : message) + "; volumes are kept");
    }
}
