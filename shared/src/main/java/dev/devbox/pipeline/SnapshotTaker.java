package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.ResourceNames;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.SnapshotView;
import dev.devbox.port.Ec2Gateway.VolumeView;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Terminated box -> one snapshot per recorded volume, project SNAPSHOTTING.
 * Safe to run any number of times: a snapshot an earlier try took (found by
 * its cycle tags) is adopted instead of taking a second one.
 */
public final class SnapshotTaker {
    private static final String ERROR = "error";

    private final ProjectStore projects;
    private final CycleStore cycles;
    private final Ec2Gateway ec2;
    private final MappingCapture mappings;
    private final EndingRecorder endings;
    private final ProjectFailer failer;
    private final PipelineSettings settings;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public SnapshotTaker(ProjectStore projects, CycleStore cycles, Ec2Gateway ec2, MappingCapture mappings,
                         EndingRecorder endings, ProjectFailer failer, PipelineSettings settings, Clock clock,
                         StepLog log) {
        this.projects = projects;
        this.cycles = cycles;
        this.ec2 = ec2;
        this.mappings = mappings;
        this.endings = endings;
        this.failer = failer;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    /** The instance of {@code project}'s current cycle is terminated: snapshot its volumes. */
    public void instanceTerminated(Project project) {
        CycleRef cycle = project.cycle();
        if (project.state() == ProjectState.RUNNING) {
            endings.boxEnded(project);
            if (!project.mappingCaptured() && project.instanceId() != null) {
                mappings.capture(project, project.instanceId());
                project = reload(cycle);
            }
            if (project.state() == ProjectState.RUNNING && !project.mappingCaptured()) {
                failer.fail(cycle, ProjectState.RUNNING,
                        "the box's device mapping was never captured; its volumes are kept, nothing was deleted");
                return;
            }
            if (project.state() == ProjectState.RUNNING) {
                begin(project);
                project = reload(cycle);
            }
        }
        if (project.state() == ProjectState.SNAPSHOTTING && project.generation() == cycle.generation()) {
            takeMissing(project);
        }
    }

    private void begin(Project project) {
        StepLog.Step step = log.step("begin-snapshotting").cycle(project.cycle())
                .with("instance", project.instanceId()).with("stage", ProjectState.RUNNING);
        int volumes = cycles.volumes(project.cycle()).size();
        try {
            cycles.beginSnapshotting(project.cycle(), volumes, clock.instant());
            step.with("volumes", volumes).outcome("done");
        } catch (ConcurrentUpdateException moved) {
            step.outcome("already-moved");
        }
    }

    /** Takes (or adopts) a snapshot for every volume of the cycle that has none. */
    public void takeMissing(Project project) {
        CycleRef cycle = project.cycle();
        List<CycleVolume> missing = cycles.volumes(cycle).stream().filter(CycleVolume::needsSnapshot).toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<String, SnapshotView> earlier = new HashMap<>();
        for (SnapshotView s : ec2.snapshotsOfCycle(settings.stack(), cycle)) {
            if (!ERROR.equals(s.state())) {
                earlier.put(s.tags().get(ResourceNames.TAG_DEVICE) + "|" + s.volumeId(), s);
            }
        }
        Map<String, VolumeView> existing = ec2.volumes(missing.stream().map(v -> v.mapping().volumeId()).toList())
                .stream().collect(Collectors.toMap(v -> v.mapping().volumeId(), v -> v, (a, b) -> a));
        for (CycleVolume volume : missing) {
            StepLog.Step step = log.step("take-snapshot").cycle(cycle).with("instance", project.instanceId())
                    .with("stage", ProjectState.SNAPSHOTTING).with("device", volume.deviceName())
                    .with("volume", volume.mapping().volumeId()).with("attempt", volume.snapshotAttempts() + 1);
            if (volume.snapshotAttempts() >= settings.maxSnapshotAttempts()) {
                step.warn("attempts-exhausted");
                failer.fail(cycle, ProjectState.SNAPSHOTTING, "snapshot of " + volume.deviceName() + " ("
                        + volume.mapping().volumeId() + ") failed " + volume.snapshotAttempts()
                        + " times; its volumes are kept");
                return;
            }
            SnapshotView adopted = earlier.get(volume.deviceName() + "|" + volume.mapping().volumeId());
            VolumeView view = existing.get(volume.mapping().volumeId());
            if (view != null && !Ownership.ownedByCycle(view.tags(), settings.stack(), cycle)) {
                // The capture tags every volume before recording it, so an untagged record is not the box's
                // (a rewritten table): copying someone else's disk into this project's AMI is not ours to do.
                step.warn("not-owned");
                failer.fail(cycle, ProjectState.SNAPSHOTTING, "volume " + volume.mapping().volumeId() + " ("
                        + volume.deviceName() + ") is recorded for this box but does not carry its devbox tags;"
                        + " nothing was snapshotted or deleted");
                return;
            }
            if (adopted == null && view == null) {
                // Deleted by the user, or DeleteOnTermination was switched on: retrying can never succeed, and
                // waiting would leave the project SNAPSHOTTING for good. Say so; keep everything else.
                step.warn("volume-gone");
                failer.fail(cycle, ProjectState.SNAPSHOTTING, "volume " + volume.mapping().volumeId() + " ("
                        + volume.deviceName() + ") was gone when the box ended (deleted, or DeleteOnTermination"
                        + " was switched on); nothing was deleted: the other volumes and snapshots are kept");
                return;
            }
            String snapshotId = Optional.ofNullable(adopted).map(SnapshotView::snapshotId)
                    .orElseGet(() -> ec2.createSnapshot(volume.mapping().volumeId(), description(cycle, volume),
                            snapshotTags(cycle, volume)));
            try {
                cycles.recordSnapshot(cycle, volume.deviceName(), snapshotId);
                step.with("snapshot", snapshotId).outcome(adopted == null ? "created" : "adopted");
            } catch (ConcurrentUpdateException raced) {
                step.with("snapshot", snapshotId).outcome("already-recorded");
            }
        }
    }

    private Map<String, String> snapshotTags(CycleRef cycle, CycleVolume volume) {
        Map<String, String> tags = new HashMap<>(Ownership.cycleTags(settings.stack(), cycle));
        tags.put(ResourceNames.TAG_DEVICE, volume.deviceName());
        return tags;
    }

    private static String description(CycleRef cycle, CycleVolume volume) {
        return "devbox " + cycle.project() + " g" + cycle.generation() + " " + volume.deviceName();
    }

    private Project reload(CycleRef cycle) {
        return projects.find(cycle.project()).orElseThrow(() -> new ConcurrentUpdateException(
                cycle + " disappeared while in flight", null));
    }
}
