package dev.devbox.pipeline;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.port.CycleStore;
import dev.devbox.port.CycleStore.GenerationVolume;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.ImageView;
import dev.devbox.port.Ec2Gateway.SnapshotView;
import dev.devbox.port.Ec2Gateway.VolumeView;
import dev.devbox.port.ProjectStore;
import dev.devbox.port.SnapshotInUseException;

import javax.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * After READY: deletes the source volumes of every cycle whose AMI is recorded
 * (invariant 1), then keeps the newest N project AMIs, deregistering older
 * ones before deleting their snapshots (invariant 2). Every delete is preceded
 * by a check of devbox's own tags (invariant 3). Idempotent.
 */
public final class Cleaner {
    private static final String IN_USE = "in-use";

    private final ProjectStore projects;
    private final CycleStore cycles;
    private final Ec2Gateway ec2;
    private final PipelineSettings settings;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public Cleaner(ProjectStore projects, CycleStore cycles, Ec2Gateway ec2, PipelineSettings settings, Clock clock,
                   StepLog log) {
        this.projects = projects;
        this.cycles = cycles;
        this.ec2 = ec2;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    public void clean(ProjectName name) {
        List<RetainedImage> images = cycles.retainedImages(name);
        Set<Long> imaged = images.stream().map(RetainedImage::generation).collect(Collectors.toSet());
        boolean volumesDone = deleteImagedVolumes(name, imaged);
        boolean imagesDone = retireOldImages(name, images);
        if (!volumesDone || !imagesDone) {
            // Leftovers remain (a volume still attached, a snapshot EC2 still sees in use): keep the project
            // marked so the reconciler comes back, instead of forgetting them.
            return;
        }
        Optional<Project> project = projects.find(name);
        project.filter(p -> p.state() == ProjectState.READY && p.cleanupPending())
                .ifPresent(p -> cycles.finishCleanup(p.cycle(), clock.instant()));
    }

    /** Returns true if no volume of an imaged cycle is left to delete. */
    private boolean deleteImagedVolumes(ProjectName name, Set<Long> imaged) {
        List<GenerationVolume> done = cycles.remainingVolumes(name).stream()
                .filter(v -> imaged.contains(v.generation())).toList();
        if (done.isEmpty()) {
            return true;
        }
        boolean complete = true;
        Map<String, VolumeView> views = ec2.volumes(done.stream().map(v -> v.volume().mapping().volumeId()).toList())
                .stream().collect(Collectors.toMap(v -> v.mapping().volumeId(), Function.identity()));
        for (GenerationVolume gv : done) {
            CycleRef cycle = new CycleRef(name, gv.generation());
            String volumeId = gv.volume().mapping().volumeId();
            StepLog.Step step = log.step("delete-volume").cycle(cycle).with("stage", ProjectState.READY)
                    .with("device", gv.volume().deviceName()).with("volume", volumeId);
            VolumeView view = views.get(volumeId);
            if (view == null) {
                step.outcome("already-gone");
            } else if (!Ownership.ownedByCycle(view.tags(), settings.stack(), cycle)) {
                // Not provably ours: leave the volume alone and stop tracking it.
                step.warn("not-owned");
            } else if (IN_USE.equals(view.state())) {
                step.warn("attached");
                complete = false;
                continue;
            } else {
                ec2.deleteVolume(volumeId);
                step.outcome("deleted");
            }
            cycles.forgetVolume(name, gv.generation(), gv.volume().deviceName(), clock.instant());
        }
        return complete;
    }

    /** Returns true if every AMI beyond the retained N was retired. */
    private boolean retireOldImages(ProjectName name, List<RetainedImage> images) {
        List<RetainedImage> newestFirst = new ArrayList<>(images);
        newestFirst.sort(Comparator.comparingLong(RetainedImage::generation).reversed());
        if (newestFirst.size() <= settings.retainImages()) {
            return true;
        }
        boolean complete = true;
        for (RetainedImage old : newestFirst.subList(settings.retainImages(), newestFirst.size())) {
            complete &= retire(name, old);
        }
        return complete;
    }

    /** Returns false if the AMI's record must stay for a later try (a snapshot still in use). */
    private boolean retire(ProjectName name, RetainedImage old) {
        CycleRef cycle = new CycleRef(name, old.generation());
        StepLog.Step step = log.step("retire-image").cycle(cycle).with("stage", ProjectState.READY)
                .with("image", old.imageId());
        Optional<ImageView> image = ec2.image(old.imageId());
        if (image.isPresent()) {
            if (!Ownership.ownedByCycle(image.get().tags(), settings.stack(), cycle)) {
                step.warn("not-owned");
                cycles.forgetImage(name, old);
                return true;
            }
            ec2.deregisterImage(old.imageId());
        }
        Map<String, SnapshotView> snapshots = ec2.snapshots(old.snapshotIds()).stream()
                .collect(Collectors.toMap(SnapshotView::snapshotId, Function.identity()));
        int deleted = 0;
        for (String snapshotId : old.snapshotIds()) {
            SnapshotView snapshot = snapshots.get(snapshotId);
            if (snapshot == null || !Ownership.ownedByCycle(snapshot.tags(), settings.stack(), cycle)) {
                continue;
            }
            if (!ec2.projectImagesUsingSnapshot(settings.stack(), name, snapshotId).stream().allMatch(old.imageId()::equals)) {
                continue;
            }
            try {
                ec2.deleteSnapshot(snapshotId);
                deleted++;
            } catch (SnapshotInUseException stillUsed) {
                // Deregistration not yet visible to DeleteSnapshot: keep the record, the next cleanup retries.
                step.with("snapshotsDeleted", deleted).warn("snapshot-in-use");
                return false;
            }
        }
        cycles.forgetImage(name, old);
        step.with("snapshotsDeleted", deleted).outcome("retired");
        return true;
    }
}
