package dev.devbox.pipeline;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.event.InstanceStateChange;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.util.Optional;

/** snapshot-fn: instance state changes. Instances devbox did not launch cost one key read. */
public final class InstanceEventService {
    private final ProjectStore projects;
    private final CycleStore cycles;
    private final MappingCapture mappings;
    private final SnapshotTaker snapshots;
    private final StepLog log;

    @Inject
    public InstanceEventService(ProjectStore projects, CycleStore cycles, MappingCapture mappings,
                                SnapshotTaker snapshots, StepLog log) {
        this.projects = projects;
        this.cycles = cycles;
        this.mappings = mappings;
        this.snapshots = snapshots;
        this.log = log;
    }

    public void handle(InstanceStateChange change) {
        StepLog.Step step = log.step("instance-event").with("instance", change.instanceId())
                .with("instanceState", change.state());
        boolean acts = switch (change.state()) {
            case "running", "shutting-down", "terminated" -> true;
            default -> false;
        };
        if (!acts) {
            step.outcome("ignored-state");
            return;
        }
        Optional<CycleRef> cycle = cycles.cycleOfInstance(change.instanceId());
        if (cycle.isEmpty()) {
            step.outcome("ignored-unknown-instance");
            return;
        }
        step.cycle(cycle.get());
        Project project = projects.find(cycle.get().project()).orElse(null);
        if (project == null || project.generation() != cycle.get().generation()
                || !change.instanceId().equals(project.instanceId())) {
            step.outcome("stale");
            return;
        }
        step.with("stage", project.state()).outcome("accepted");
        if ("terminated".equals(change.state())) {
            snapshots.instanceTerminated(project);
        } else if (project.state() == ProjectState.RUNNING) {
            mappings.capture(project, change.instanceId());
        }
    }
}
