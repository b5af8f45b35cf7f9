package dev.devbox.cli.project;

import dev.devbox.cli.error.ConflictException;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.RetainedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * `devbox delete`: AMIs, then their snapshots, then leftover volumes, then the records, so a
 * failure half-way leaves records that a rerun finds. Only resources carrying this stack's and
 * project's tags are touched; a base AMI (Canonical's, the user's) never has them.
 */
final class Deleter {
    private final Projects projects;

    Deleter(Projects projects) {
        this.projects = projects;
    }

    static void checkDeletable(Project project) {
        if (project.state().inFlight()) {
            throw new ConflictException("Project '" + project.name() + "' is " + project.state()
                    + (project.state() == ProjectState.RUNNING || project.state() == ProjectState.LAUNCHING
                    ? ": a box runs; stop it first with 'devbox terminate " + project.name() + " --wait'."
                    : ": its last box is being saved; 'devbox wait " + project.name() + "' then delete."));
        }
    }

    DeleteSummary delete(Project project) {
        checkDeletable(project);
        String stack = projects.aws().stackName();
        ProjectName name = project.name();
        Ec2Client ec2 = projects.aws().ec2();
        List<Filter> ours = List.of(
                Filter.builder().name("tag:" + ResourceNames.TAG_STACK).values(stack).build(),
                Filter.builder().name("tag:" + ResourceNames.TAG_PROJECT).values(name.value()).build());
        List<String> skipped = new ArrayList<>();

        Set<String> imageIds = new LinkedHashSet<>();
        for (RetainedImage retained : projects.retainedImages(name)) {
            imageIds.add(retained.imageId());
        }
        if (project.imageId() != null) {
            imageIds.add(project.imageId());
        }
        if (project.pendingImageId() != null) {
            imageIds.add(project.pendingImageId());
        }
        ec2.describeImages(r -> r.owners("self").filters(ours)).images().forEach(i -> imageIds.add(i.imageId()));

        List<String> deregistered = new ArrayList<>();
        Set<String> snapshotIds = new LinkedHashSet<>();
        for (String imageId : imageIds) {
            Image image = describeImage(ec2, imageId);
            if (image == null) {
                continue; // already gone
            }
            if (!Ownership.ownedByProject(Projects.tags(image.tags()), stack, name)) {
                skipped.add(imageId + " (no devbox tags for this project: left alone)");
                continue;
            }
            image.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                    .forEach(m -> snapshotIds.add(m.ebs().snapshotId()));
            ec2.deregisterImage(r -> r.imageId(imageId));
            deregistered.add(imageId);
        }

        ec2.describeSnapshots(r -> r.ownerIds("self").filters(ours)).snapshots()
                .forEach(s -> snapshotIds.add(s.snapshotId()));
        List<String> deletedSnapshots = new ArrayList<>();
        for (String snapshotId : snapshotIds) {
            Snapshot snapshot = describeSnapshot(ec2, snapshotId);
            if (snapshot == null) {
                continue;
            }
            if (!Ownership.ownedByProject(Projects.tags(snapshot.tags()), stack, name)) {
                skipped.add(snapshotId + " (no devbox tags for this project: left alone)");
                continue;
            }
            ec2.deleteSnapshot(r -> r.snapshotId(snapshotId));
            deletedSnapshots.add(snapshotId);
        }

        List<String> deletedVolumes = new ArrayList<>();
        for (Volume volume : ec2.describeVolumes(r -> r.filters(ours)).volumes()) {
            if (volume.state() != VolumeState.AVAILABLE) {
                skipped.add(volume.volumeId() + " (" + volume.stateAsString() + ": left alone)");
                continue;
            }
            if (Ownership.ownedByProject(Projects.tags(volume.tags()), stack, name)) {
                ec2.deleteVolume(r -> r.volumeId(volume.volumeId()));
                deletedVolumes.add(volume.volumeId());
            }
        }

        projects.stores().projects().delete(name);
        return new DeleteSummary(name.value(), deregistered, deletedSnapshots, deletedVolumes, skipped);
    }

    private static Image describeImage(Ec2Client ec2, String imageId) {
        try {
            return ec2.describeImages(r -> r.imageIds(imageId)).images().stream().findFirst().orElse(null);
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode().startsWith("InvalidAMIID")) {
                return null;
            }
            throw e;
        }
    }

    private static Snapshot describeSnapshot(Ec2Client ec2, String snapshotId) {
        try {
            return ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().stream().findFirst().orElse(null);
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && "InvalidSnapshot.NotFound".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw e;
        }
    }
}
