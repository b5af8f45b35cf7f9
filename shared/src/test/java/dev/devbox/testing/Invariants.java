package dev.devbox.testing;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.RetainedImage;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN.md's data-safety invariants, checked against what EC2 and the table
 * say after a scenario. The one checker every scenario uses, on the emulator
 * and on the in-memory fake alike.
 */
public final class Invariants {
    private Invariants() {
    }

    /**
     * A box the stand-in CLI launched: its cycle, the volumes attached to it now by device (so, once it is
     * terminated, the ones attached at termination), and every volume it ever held (the world's own record
     * of what is devbox's, independent of any tag the system under test set).
     */
    public record Box(CycleRef cycle, String instanceId, Map<String, String> volumesByDevice, Set<String> everHeld) {
        public Box(CycleRef cycle, String instanceId, Map<String, String> volumesByDevice) {
            this(cycle, instanceId, Map.copyOf(volumesByDevice), Set.copyOf(volumesByDevice.values()));
        }

        public Box attached(String device, String volumeId) {
            Map<String, String> now = new java.util.LinkedHashMap<>(volumesByDevice);
            now.put(device, volumeId);
            Set<String> ever = new HashSet<>(everHeld);
            ever.add(volumeId);
            return new Box(cycle, instanceId, Map.copyOf(now), Set.copyOf(ever));
        }

        /** The user detached (and maybe deleted) the volume: it is no longer attached at termination. */
        public Box detached(String volumeId) {
            Map<String, String> now = new java.util.LinkedHashMap<>(volumesByDevice);
            now.values().remove(volumeId);
            return new Box(cycle, instanceId, Map.copyOf(now), everHeld);
        }
    }

    public static void check(Harness h) {
        h.history.assertClean();
        check(Ec2State.of(h.aws.ec2()), h.projects, h.cycles, h.settings.stack(), h.settings.retainImages(), h.boxes);
    }

    public static void check(Ec2State ec2, ProjectStore projects, CycleStore cycles, String stack, int retain,
                             List<Box> boxes) {
        List<Ec2State.Image> ourImages = ec2.images().stream()
                .filter(i -> stack.equals(i.tags().get(ResourceNames.TAG_STACK))).toList();
        Map<String, Ec2State.Image> imagesById = ourImages.stream()
                .collect(Collectors.toMap(Ec2State.Image::id, Function.identity()));
        List<Ec2State.Snapshot> ourSnapshots = ec2.snapshots().stream()
                .filter(s -> stack.equals(s.tags().get(ResourceNames.TAG_STACK))).toList();
        Set<String> snapshotsInImages = ec2.images().stream().flatMap(i -> i.snapshotIds().stream())
                .collect(Collectors.toSet());

        Set<String> launched = boxes.stream().map(b -> b.cycle().project().value()).collect(Collectors.toSet());
        for (Project project : projects.list()) {
            if (!launched.contains(project.name().value())) {
                continue; // bulk-seeded records without EC2 resources
            }
            String name = project.name().value();
            List<RetainedImage> retained = cycles.retainedImages(project.name());
            long newestRecorded = retained.stream().mapToLong(RetainedImage::generation).max().orElse(0);
            List<Ec2State.Image> projectImages = ourImages.stream()
                    .filter(i -> name.equals(i.tags().get(ResourceNames.TAG_PROJECT))).toList();

            // One AMI per cycle at most; an unrecorded one only for the cycle in flight (or failed).
            projectImages.stream().collect(Collectors.groupingBy(i -> i.tags().get(ResourceNames.TAG_GENERATION),
                            Collectors.counting()))
                    .forEach((g, n) -> assertEquals(1L, n, name + ": AMIs for generation " + g));
            Set<String> recordedIds = retained.stream().map(RetainedImage::imageId).collect(Collectors.toSet());
            // A failed AMI is unusable and kept only as evidence of the FAILED cycle.
            projectImages.stream().filter(i -> !recordedIds.contains(i.id()) && !"failed".equals(i.state()))
                    .forEach(i -> assertTrue(
                    Long.parseLong(i.tags().get(ResourceNames.TAG_GENERATION)) == project.generation()
                            && project.state() != ProjectState.READY,
                    name + ": unrecorded AMI " + i.id() + " in state " + project.state()));

            // Invariant 2: the newest N recorded AMIs are registered and available (older records may be
            // mid-retirement); no more than N registered; READY points at the newest.
            List<RetainedImage> newestFirst = retained.stream()
                    .sorted(Comparator.comparingLong(RetainedImage::generation).reversed()).toList();
            for (RetainedImage image : newestFirst.subList(0, Math.min(retain, newestFirst.size()))) {
                Ec2State.Image live = imagesById.get(image.imageId());
                assertNotNull(live, name + ": recorded AMI " + image.imageId() + " was deregistered");
                assertEquals("available", live.state());
            }
            long registered = retained.stream().filter(r -> imagesById.containsKey(r.imageId())).count();
            assertTrue(registered <= retain || project.cleanupPending(), name + ": " + registered + " AMIs kept");
            if (project.state() == ProjectState.READY && !newestFirst.isEmpty()) {
                assertEquals(newestFirst.get(0).imageId(), project.imageId(), name + ": READY points at the newest AMI");
            }

            // No orphan snapshot: each is in a registered AMI, or belongs to the cycle in flight / failed.
            for (Ec2State.Snapshot s : ourSnapshots) {
                // A failed snapshot holds no data (EC2 keeps it until deleted); the pipeline took another.
                if (!name.equals(s.tags().get(ResourceNames.TAG_PROJECT)) || "error".equals(s.state())) {
                    continue;
                }
                long generation = Long.parseLong(s.tags().get(ResourceNames.TAG_GENERATION));
                boolean current = generation == project.generation() && project.state() != ProjectState.READY;
                // A cycle that never got its AMI (FAILED) keeps its volumes and its snapshots, for recovery.
                boolean keptWithItsVolume = ec2.volumes().containsKey(s.volumeId())
                        && retained.stream().noneMatch(r -> r.generation() == generation);
                assertTrue(snapshotsInImages.contains(s.id()) || current || keptWithItsVolume,
                        name + ": orphan snapshot " + s.id() + " (" + s.state() + ", of " + s.volumeId()
                                + ") of generation " + generation + "; project " + project.state() + " g"
                                + project.generation() + ", recorded AMIs " + retained);
            }

            // Invariant 1: a box's volume is gone only once an AMI of its cycle (or newer) was recorded, and
            // while that AMI is kept it holds a snapshot of the volume. A FAILED cycle keeps every volume.
            for (Box box : boxes) {
                if (!box.cycle().project().equals(project.name())) {
                    continue;
                }
                long g = box.cycle().generation();
                for (String volumeId : box.volumesByDevice().values()) {
                    if (ec2.volumes().containsKey(volumeId)) {
                        continue;
                    }
                    assertTrue(newestRecorded >= g, name + ": volume " + volumeId + " of generation " + g
                            + " deleted before its AMI was recorded");
                    retained.stream().filter(r -> r.generation() == g && imagesById.containsKey(r.imageId()))
                            .findFirst().ifPresent(image -> {
                                Set<String> sources = ourSnapshots.stream()
                                        .filter(s -> image.snapshotIds().contains(s.id()))
                                        .map(Ec2State.Snapshot::volumeId).collect(Collectors.toSet());
                                assertTrue(sources.contains(volumeId), name + ": AMI " + image.imageId()
                                        + " holds no snapshot of deleted volume " + volumeId);
                            });
                }
                if (project.state() == ProjectState.FAILED && g == project.generation()) {
                    box.volumesByDevice().values().forEach(v -> assertTrue(ec2.volumes().containsKey(v),
                            name + ": FAILED cycle lost volume " + v));
                }
            }
        }
    }

    /** Volumes of the launched boxes that still exist. */
    public static Set<String> remainingVolumes(Harness h) {
        Set<String> all = new HashSet<>();
        h.aws.ec2().describeVolumes().volumes().forEach(v -> all.add(v.volumeId()));
        Set<String> launched = new HashSet<>();
        h.boxes.forEach(b -> launched.addAll(b.volumesByDevice().values()));
        launched.retainAll(all);
        return launched;
    }
}
