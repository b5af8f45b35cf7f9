package dev.devbox.control;

import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway.ImageView;
import dev.devbox.port.Ec2Gateway.SnapshotView;
import dev.devbox.port.Ec2Gateway.VolumeView;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * `devbox delete` on the control plane: AMIs, then their snapshots, then leftover volumes, then
 * the records, so that a failure half-way leaves records a rerun finds. Only resources carrying
 * this stack's and project's tags are touched; a base AMI (Canonical's, the user's) never has them.
 */
public final class ProjectRemover {
    private final ControlEc2 ec2;
    private final ProjectStore projects;
    private final CycleStore cycles;
    private final PipelineSettings settings;
    private final StepLog log;

    @Inject
    public ProjectRemover(ControlEc2 ec2, ProjectStore projects, CycleStore cycles, PipelineSettings settings,
                          StepLog log) {
        this.ec2 = ec2;
        this.projects = projects;
        this.cycles = cycles;
        this.settings = settings;
        this.log = log;
    }

    /** Refuses a project with a box running or being saved: deleting then would lose that work. */
    public static void checkDeletable(Project project) {
        if (project.state().inFlight()) {
            String name = ProjectDirectory.displayName(project);
            boolean boxRuns = project.state() == ProjectState.RUNNING || project.state() == ProjectState.LAUNCHING;
            throw new ControlRefusal(Kind.CONFLICT, "Project '" + name + "' is " + project.state() + (boxRuns
                    ? ": a box runs; stop it first with 'devbox terminate " + name + " --wait'."
                    : ": its last box is being saved; 'devbox wait " + name + "' then delete."));
        }
    }

    public Removal remove(Project project) {
        checkDeletable(project);
        String stack = settings.stack();
        ProjectName name = project.name();
        List<String> skipped = new ArrayList<>();

        Set<String> imageIds = new LinkedHashSet<>();
        cycles.retainedImages(name).stream().map(RetainedImage::imageId).forEach(imageIds::add);
        Optional.ofNullable(project.imageId()).ifPresent(imageIds::add);
        Optional.ofNullable(project.pendingImageId()).ifPresent(imageIds::add);
        ec2.projectImages(stack, name).forEach(i -> imageIds.add(i.imageId()));

        List<String> deregistered = new ArrayList<>();
        Set<String> snapshotIds = new LinkedHashSet<>();
        for (String imageId : imageIds) {
            Optional<ImageView> image = ec2.image(imageId);
            if (image.isEmpty()) {
                continue; // already gone, or not this account's (a base image): nothing of ours to remove
            }
            if (!Ownership.ownedByProject(image.get().tags(), stack, name)) {
                skipped.add(imageId + " (no devbox tags for this project: left alone)");
                continue;
            }
            snapshotIds.addAll(image.get().snapshotIds());
            ec2.deregisterImage(imageId);
            deregistered.add(imageId);
        }

        ec2.projectSnapshots(stack, name).forEach(s -> snapshotIds.add(s.snapshotId()));
        List<String> deletedSnapshots = new ArrayList<>();
        for (String snapshotId : snapshotIds) {
            Optional<SnapshotView> snapshot = ec2.snapshots(List.of(snapshotId)).stream().findFirst();
            if (snapshot.isEmpty()) {
                continue;
            }
            if (!Ownership.ownedByProject(snapshot.get().tags(), stack, name)) {
                skipped.add(snapshotId + " (no devbox tags for this project: left alone)");
                continue;
            }
            ec2.deleteSnapshot(snapshotId);
            deletedSnapshots.add(snapshotId);
        }

        List<String> deletedVolumes = new ArrayList<>();
        for (VolumeView volume : ec2.projectVolumes(stack, name)) {
            String volumeId = volume.mapping().volumeId();
            if (!"available".equals(volume.state())) {
                skipped.add(volumeId + " (" + volume.state() + ": left alone)");
            } else if (Ownership.ownedByProject(volume.tags(), stack, name)) {
                ec2.deleteVolume(volumeId);
                deletedVolumes.add(volumeId);
            }
        }

        projects.delete(name);
        log.step("delete").with("project", name).with("images", deregistered.size())
                .with("snapshots", deletedSnapshots.size()).with("volumes", deletedVolumes.size()).outcome("deleted");
        return new Removal(name.value(), deregistered, deletedSnapshots, deletedVolumes, skipped);
    }
}
