package dev.devbox.pipeline;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.SnapshotState;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.ImageDevice;
import dev.devbox.port.Ec2Gateway.ImageSpec;
import dev.devbox.port.Ec2Gateway.ImageView;
import dev.devbox.port.ImageNameTakenException;

import javax.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * IMAGING -> the project AMI registered from the cycle's completed snapshots.
 * The AMI name is fixed per project and generation, so a retry that finds the
 * name taken adopts the AMI an earlier try registered, but only when that AMI's
 * mappings are exactly this cycle's snapshots (invariant 6).
 */
public final class ImageRegistrar {
    private final CycleStore cycles;
    private final Ec2Gateway ec2;
    private final ProjectFailer failer;
    private final PipelineSettings settings;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public ImageRegistrar(CycleStore cycles, Ec2Gateway ec2, ProjectFailer failer, PipelineSettings settings,
                          Clock clock, StepLog log) {
        this.cycles = cycles;
        this.ec2 = ec2;
        this.failer = failer;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    /** Registers (or adopts) the cycle's AMI if the project is IMAGING without one, and records it. */
    public void register(Project project) {
        CycleRef cycle = project.cycle();
        StepLog.Step step = log.step("register-image").cycle(cycle).with("instance", project.instanceId())
                .with("stage", project.state());
        if (project.state() != ProjectState.IMAGING || project.pendingImageId() != null) {
            step.outcome("not-needed");
            return;
        }
        List<CycleVolume> volumes = cycles.volumes(cycle);
        if (volumes.isEmpty() || volumes.stream().anyMatch(v -> v.snapshotState() != SnapshotState.COMPLETED)) {
            step.warn("snapshots-incomplete");
            return;
        }
        String name = ResourceNames.imageName(settings.stack(), settings.deployment(), cycle);
        ImageSpec spec = new ImageSpec(name, "devbox " + cycle.project() + " generation " + cycle.generation(),
                project.machine(),
                volumes.stream().map(v -> new ImageDevice(v.mapping(), v.snapshotId())).toList(),
                Ownership.cycleTags(settings.stack(), cycle));
        String imageId;
        Optional<ImageView> adopted = Optional.empty();
        try {
            imageId = ec2.registerImage(spec);
        } catch (ImageNameTakenException taken) {
            adopted = ec2.imageNamed(name);
            if (adopted.isEmpty()) {
                // Name refused yet not visible: eventual consistency; let the retry see it.
                throw taken;
            }
            if (!Ownership.ownedByCycle(adopted.get().tags(), settings.stack(), cycle)) {
                step.with("image", adopted.get().imageId()).warn("name-taken-by-foreign-image");
                failer.fail(cycle, ProjectState.IMAGING, "an AMI named " + name
                        + " exists that devbox did not register; rename or remove it, then retry");
                return;
            }
            // Tags alone do not prove it is ours to adopt: a leftover of a deleted and redeployed stack, or of
            // a table restored from a backup, carries the same tags and name. Only this cycle's snapshots do.
            if (!Set.copyOf(adopted.get().snapshotIds()).equals(cycleSnapshots(volumes))) {
                step.with("image", adopted.get().imageId()).warn("name-taken-by-other-snapshots");
                failer.fail(cycle, ProjectState.IMAGING, "an AMI named " + name + " (" + adopted.get().imageId()
                        + ") exists but holds other snapshots than this cycle's; devbox did not adopt it and kept"
                        + " every volume and snapshot: deregister it if it is a leftover, then retry");
                return;
            }
            imageId = adopted.get().imageId();
        }
        try {
            cycles.recordPendingImage(cycle, imageId, clock.instant());
            step.with("image", imageId).outcome(adopted.isEmpty() ? "registered" : "adopted");
        } catch (ConcurrentUpdateException moved) {
            step.with("image", imageId).outcome("already-moved");
        }
    }

    private static Set<String> cycleSnapshots(List<CycleVolume> volumes) {
        return volumes.stream().map(CycleVolume::snapshotId).collect(Collectors.toSet());
    }
}
