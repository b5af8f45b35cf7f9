package dev.devbox.testing;

import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.domain.ResourceNames;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Volume;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN.md's data-safety invariants, checked against what EC2 and the table
 * say after a scenario. One checker for every scenario.
 */
public final class Invariants {
    private Invariants() {
    }

    public static void check(Harness h) {
        var ec2 = h.aws.ec2();
        Map<String, Volume> volumes = ec2.describeVolumes().volumes().stream()
                .collect(Collectors.toMap(Volume::volumeId, Function.identity()));
        List<Image> ourImages = ec2.describeImages(b -> b.owners("self")).images().stream()
                .filter(i -> Harness.STACK.equals(ForeignResources.tags(i.tags()).get(ResourceNames.TAG_STACK))).toList();
        Map<String, Image> imagesById = ourImages.stream().collect(Collectors.toMap(Image::imageId, Function.identity()));
        List<Snapshot> ourSnapshots = ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots().stream()
                .filter(s -> Harness.STACK.equals(ForeignResources.tags(s.tags()).get(ResourceNames.TAG_STACK))).toList();
        Set<String> snapshotsInImages = ec2.describeImages(b -> b.owners("self")).images().stream()
                .flatMap(i -> i.blockDeviceMappings().stream())
                .filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                .map(m -> m.ebs().snapshotId()).collect(Collectors.toSet());

        for (Project project : h.projects.list()) {
            String name = project.name().value();
            List<RetainedImage> retained = h.cycles.retainedImages(project.name());
            Set<Long> retainedGenerations = retained.stream().map(RetainedImage::generation).collect(Collectors.toSet());
            long newestRecorded = retained.stream().mapToLong(RetainedImage::generation).max().orElse(0);

            // No duplicate AMI per cycle; every devbox AMI is recorded, except the one of a cycle still in flight or failed.
            Map<String, Long> perGeneration = ourImages.stream()
                    .filter(i -> name.equals(ForeignResources.tags(i.tags()).get(ResourceNames.TAG_PROJECT)))
                    .collect(Collectors.groupingBy(i -> ForeignResources.tags(i.tags()).get(ResourceNames.TAG_GENERATION),
                            Collectors.counting()));
            perGeneration.forEach((g, n) -> assertEquals(1L, n, name + ": AMIs for generation " + g));
            Set<String> recordedImageIds = retained.stream().map(RetainedImage::imageId).collect(Collectors.toSet());
            ourImages.stream().filter(i -> name.equals(ForeignResources.tags(i.tags()).get(ResourceNames.TAG_PROJECT)))
                    .filter(i -> !recordedImageIds.contains(i.imageId()))
                    .forEach(i -> assertTrue(Long.parseLong(ForeignResources.tags(i.tags()).get(ResourceNames.TAG_GENERATION))
                                    == project.generation() && project.state() != ProjectState.READY,
                            name + ": unrecorded AMI " + i.imageId()));

            // Invariant 2: the newest N recorded AMIs are registered and available (older records may be
            // mid-retirement: deregistered, snapshots not yet deleted); retention is respected.
            List<RetainedImage> newestFirst = retained.stream()
                    .sorted(java.util.Comparator.comparingLong(RetainedImage::generation).reversed()).toList();
            for (RetainedImage image : newestFirst.subList(0, Math.min(h.settings.retainImages(), newestFirst.size()))) {
                Image live = imagesById.get(image.imageId());
                assertNotNull(live, () -> name + ": recorded AMI " + image.imageId() + " was deregistered; AMIs: "
                        + ec2.describeImages(b -> b.owners("self")).images().stream()
                        .map(i -> i.imageId() + "/" + i.name() + "/" + i.stateAsString()).toList());
                assertEquals("available", live.stateAsString());
            }
            long registered = retained.stream().filter(r -> imagesById.containsKey(r.imageId())).count();
            assertTrue(registered <= h.settings.retainImages() || project.cleanupPending(),
                    name + ": " + registered + " AMIs retained");
            if (project.state() == ProjectState.READY) {
                assertEquals(project.imageId(), retained.stream().max(java.util.Comparator.comparingLong(RetainedImage::generation))
                        .map(RetainedImage::imageId).orElse(null), name + ": READY points at the newest AMI");
            }

            // No orphan snapshot: each is in a registered AMI, or belongs to the cycle in flight / failed.
            for (Snapshot s : ourSnapshots) {
                Map<String, String> tags = ForeignResources.tags(s.tags());
                if (!name.equals(tags.get(ResourceNames.TAG_PROJECT))) {
                    continue;
                }
                long generation = Long.parseLong(tags.get(ResourceNames.TAG_GENERATION));
                boolean current = generation == project.generation() && project.state() != ProjectState.READY;
                assertTrue(snapshotsInImages.contains(s.snapshotId()) || current,
                        name + ": orphan snapshot " + s.snapshotId() + " of generation " + generation);
            }

            // Invariant 1: a launched volume is gone only if an AMI of its cycle (or a newer one) was recorded,
            // and while that AMI is retained it holds a snapshot of the volume.
            for (Harness.Box box : h.boxes) {
                if (!box.cycle().project().equals(project.name())) {
                    continue;
                }
                long g = box.cycle().generation();
                for (String volumeId : box.volumesByDevice().values()) {
                    if (volumes.containsKey(volumeId)) {
                        continue;
                    }
                    assertTrue(newestRecorded >= g && (project.imageGeneration() != null && project.imageGeneration() >= g),
                            name + ": volume " + volumeId + " of generation " + g + " deleted before an AMI was recorded");
                    if (retainedGenerations.contains(g)) {
                        RetainedImage image = retained.stream().filter(r -> r.generation() == g).findFirst().orElseThrow();
                        Set<String> sources = ourSnapshots.stream().filter(s -> image.snapshotIds().contains(s.snapshotId()))
                                .map(Snapshot::volumeId).filter(Objects::nonNull).collect(Collectors.toSet());
                        assertTrue(sources.contains(volumeId), name + ": AMI " + image.imageId()
                                + " holds no snapshot of deleted volume " + volumeId);
                    }
                }
                // A failed cycle keeps every volume.
                if (project.state() == ProjectState.FAILED && g == project.generation()) {
                    box.volumesByDevice().values().forEach(v -> assertTrue(volumes.containsKey(v),
                            name + ": FAILED cycle lost volume " + v));
                }
            }
        }
    }

    /** Volumes of the boxes that are still present. */
    public static Set<String> remainingVolumes(Harness h) {
        Set<String> all = new HashSet<>();
        h.aws.ec2().describeVolumes().volumes().forEach(v -> all.add(v.volumeId()));
        Set<String> launched = new HashSet<>();
        h.boxes.forEach(b -> launched.addAll(b.volumesByDevice().values()));
        launched.retainAll(all);
        return launched;
    }
}
