package dev.devbox.pipeline;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.CycleStore.SnapshotCompletion;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.time.Clock;
import java.util.OptionalInt;

/**
 * A snapshot of a cycle finished: count it exactly once; the last one moves the
 * project to IMAGING and registers the AMI. A failed snapshot is taken again,
 * a bounded number of times.
 */
public final class SnapshotResults {
    private final ProjectStore projects;
    private final CycleStore cycles;
    private final SnapshotTaker snapshots;
    private final ImageRegistrar registrar;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public SnapshotResults(ProjectStore projects, CycleStore cycles, SnapshotTaker snapshots, ImageRegistrar registrar,
                           Clock clock, StepLog log) {
        this.projects = projects;
        this.cycles = cycles;
        this.snapshots = snapshots;
        this.registrar = registrar;
        this.clock = clock;
        this.log = log;
    }

    public void succeeded(CycleRef cycle, String deviceName, String snapshotId) {
        StepLog.Step step = log.step("complete-snapshot").cycle(cycle).with("stage", ProjectState.SNAPSHOTTING)
                .with("device", deviceName).with("snapshot", snapshotId);
        SnapshotCompletion result = cycles.completeSnapshot(cycle, deviceName, snapshotId, clock.instant());
        step.outcome(result.name().toLowerCase(java.util.Locale.ROOT));
        if (result != SnapshotCompletion.COUNTED) {
            // LAST: we moved the cycle to IMAGING. Otherwise a duplicate: resume in case the winner crashed.
            resumeImaging(cycle);
        }
    }

    public void failed(CycleRef cycle, String deviceName, String snapshotId, String cause) {
        StepLog.Step step = log.step("snapshot-failed").cycle(cycle).with("stage", ProjectState.SNAPSHOTTING)
                .with("device", deviceName).with("snapshot", snapshotId).with("cause", cause);
        OptionalInt attempts = cycles.snapshotFailed(cycle, deviceName, snapshotId);
        if (attempts.isEmpty()) {
            step.outcome("already-handled");
            return;
        }
        step.with("attempts", attempts.getAsInt()).warn("retrying");
        projects.find(cycle.project())
                .filter(p -> p.generation() == cycle.generation() && p.state() == ProjectState.SNAPSHOTTING)
                .ifPresent(snapshots::takeMissing);
    }

    /**
     * IMAGING without an AMI yet: register (or adopt) it. Finishing is left to the AMI's state
     * event or the reconciler, so ami-fn never needs cleanup-fn's delete permissions.
     */
    public void resumeImaging(CycleRef cycle) {
        Project project = projects.find(cycle.project()).orElse(null);
        if (project == null || project.generation() != cycle.generation() || project.state() != ProjectState.IMAGING) {
            return;
        }
        registrar.register(project);
    }
}
