package dev.devbox.testing;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.ResourceNames;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;
import dev.devbox.testing.Invariants.Box;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The history oracle: every mutating EC2 call the system under test makes is
 * logged in order and judged against DESIGN.md's invariants at the moment it is
 * made, from what EC2 and the table hold right then. What is devbox's comes from
 * the world's own record (the boxes the stand-in CLI launched, the snapshots and
 * AMIs this oracle saw the system create), never from tags the system set.
 *
 * <p>A violation is recorded and thrown as an {@link AssertionError} (an Error, so
 * no handler's catch hides it); {@link #assertClean} reports any that a caller
 * swallowed anyway.
 */
public final class History {
    private final Supplier<Ec2State> ec2;
    private final ProjectStore projects;
    private final CycleStore cycles;
    private final String stack;
    private final int retain;
    private final List<Box> boxes;

    private final List<String> log = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    /** Snapshots the system took, by id, with the volume they were taken from. */
    private final Map<String, String> ourSnapshots = new HashMap<>();
    /** Volumes the system asked to snapshot, with the snapshot ids of that volume that existed before. */
    private final Map<String, Set<String>> snapshotRequests = new HashMap<>();
    /** AMIs the system registered, with their cycle (derived from their snapshots, not their tags). */
    private final Map<String, CycleRef> ourImages = new LinkedHashMap<>();
    /** AMI names the system asked to register, with their cycle. */
    private final Map<String, CycleRef> imageRequests = new HashMap<>();
    private final Set<String> deregistered = new HashSet<>();

    public History(Supplier<Ec2State> ec2, ProjectStore projects, CycleStore cycles, String stack, int retain,
                   List<Box> boxes) {
        this.ec2 = ec2;
        this.projects = projects;
        this.cycles = cycles;
        this.stack = stack;
        this.retain = retain;
        this.boxes = boxes;
    }

    /** Judges one call before it takes effect. */
    public synchronized void judge(Ec2Call call) {
        Ec2State now = ec2.get();
        learn(now);
        log.add(call.toString());
        String verdict;
        if (call instanceof Ec2Call.DeleteVolume c) {
            verdict = deleteVolume(now, c.volumeId());
        } else if (call instanceof Ec2Call.DeregisterImage c) {
            verdict = deregisterImage(now, c.imageId());
        } else if (call instanceof Ec2Call.DeleteSnapshot c) {
            verdict = deleteSnapshot(now, c.snapshotId());
        } else if (call instanceof Ec2Call.CreateSnapshot c) {
            verdict = createSnapshot(now, c);
        } else if (call instanceof Ec2Call.RegisterImage c) {
            verdict = registerImage(now, c);
        } else if (call instanceof Ec2Call.CreateTags c) {
            verdict = createTags(now, c);
        } else {
            verdict = "a mutating call the pipeline never needs";
        }
        if (verdict != null) {
            violate(call + ": " + verdict);
        }
    }

    /** The system's CreateSnapshot returned (when a crash hides the id, {@link #learn} finds it). */
    public synchronized void snapshotCreated(String volumeId, String snapshotId) {
        ourSnapshots.put(snapshotId, volumeId);
    }

    /** The system's RegisterImage returned. */
    public synchronized void imageRegistered(String name, String imageId) {
        CycleRef cycle = imageRequests.get(name);
        if (cycle != null) {
            adopt(imageId, cycle);
        }
    }

    /** End of a scenario: the end-state invariants, and any violation a caller swallowed. */
    public synchronized void assertClean() {
        Ec2State now = ec2.get();
        learn(now);
        for (Project project : projects.list()) {
            currentBox(project).ifPresent(box -> settledCycle(now, project, box));
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " data-safety violation(s):\n  " + String.join("\n  ", violations)
                    + "\nlast calls:\n  " + String.join("\n  ", log.subList(Math.max(0, log.size() - 40), log.size())));
        }
    }

    public synchronized List<String> calls() {
        return List.copyOf(log);
    }

    // ---- the rules, each returning null when the call is allowed ----

    /** Invariant 1: a volume goes only once an available AMI of its cycle holds a completed snapshot of it. */
    private String deleteVolume(Ec2State now, String volumeId) {
        Box box = boxOf(volumeId);
        if (box == null) {
            return "not a volume of any box devbox launched";
        }
        Ec2State.Volume volume = now.volumes().get(volumeId);
        if (volume != null && volume.attachedTo() != null) {
            return "still attached to " + volume.attachedTo();
        }
        boolean saved = cycles.retainedImages(box.cycle().project()).stream()
                .filter(r -> r.generation() == box.cycle().generation())
                .map(r -> now.image(r.imageId()))
                .flatMap(Optional::stream)
                .anyMatch(image -> "available".equals(image.state()) && ourImages.containsKey(image.id())
                        && now.imageHoldsCompletedSnapshotOf(image, volumeId));
        return saved ? null : "no available AMI of " + box.cycle() + " is recorded with a completed snapshot of it";
    }

    /** Invariant 2: an AMI is retired only behind N newer available ones, never the one launches use. */
    private String deregisterImage(Ec2State now, String imageId) {
        CycleRef cycle = ourImages.get(imageId);
        if (cycle == null) {
            return "not an AMI devbox registered" + (now.image(imageId).isEmpty() ? "" : " (a base or foreign AMI)");
        }
        Project project = projects.find(cycle.project()).orElse(null);
        if (project != null && imageId.equals(project.imageId())) {
            return "the AMI the project's next launch boots";
        }
        long newer = cycles.retainedImages(cycle.project()).stream()
                .filter(r -> r.generation() > cycle.generation())
                .map(r -> now.image(r.imageId())).flatMap(Optional::stream)
                .filter(i -> "available".equals(i.state()) && ourImages.containsKey(i.id())).count();
        if (newer < retain) {
            return "only " + newer + " newer available AMI(s) recorded; the stack keeps " + retain;
        }
        deregistered.add(imageId);
        return null;
    }

    /** A snapshot goes only when no AMI uses it and its cycle's AMI was retired. */
    private String deleteSnapshot(Ec2State now, String snapshotId) {
        String volumeId = ourSnapshots.get(snapshotId);
        if (volumeId == null) {
            return "not a snapshot devbox took";
        }
        List<String> users = now.images().stream().filter(i -> i.snapshotsByDevice().containsValue(snapshotId))
                .map(Ec2State.Image::id).toList();
        if (!users.isEmpty()) {
            return "still used by " + users;
        }
        Box box = boxOf(volumeId);
        boolean retired = box != null && ourImages.entrySet().stream()
                .anyMatch(e -> e.getValue().equals(box.cycle()) && deregistered.contains(e.getKey()));
        return retired ? null : "the AMI of its cycle was never retired: this may be the only copy of the data";
    }

    /** Invariant 4's precondition: snapshot only a box's volume, only once its instance is terminated. */
    private String createSnapshot(Ec2State now, Ec2Call.CreateSnapshot call) {
        Box box = boxOf(call.volumeId());
        if (box == null) {
            return "not a volume of any box devbox launched";
        }
        String state = now.instance(box.instanceId()).map(Ec2State.Instance::state).orElse("gone");
        if (!"terminated".equals(state) && !"gone".equals(state)) {
            return "its instance " + box.instanceId() + " is " + state + " (writes may still be in flight)";
        }
        // Attached elsewhere by the user is allowed: the box's own writes are over, which is what counts.
        String tags = tagsMatch(call.tags(), box.cycle());
        if (tags != null) {
            return tags;
        }
        snapshotRequests.computeIfAbsent(call.volumeId(), v -> new HashSet<>()).addAll(now.snapshots().stream()
                .filter(s -> call.volumeId().equals(s.volumeId())).map(Ec2State.Snapshot::id).toList());
        return null;
    }

    /** Invariants 5 and 6: one AMI per cycle, from this cycle's completed snapshots, holding every volume. */
    private String registerImage(Ec2State now, Ec2Call.RegisterImage call) {
        Set<CycleRef> sources = new HashSet<>();
        for (String snapshotId : call.snapshotsByDevice().values()) {
            String volumeId = ourSnapshots.get(snapshotId);
            Box box = volumeId == null ? null : boxOf(volumeId);
            if (box == null) {
                return "snapshot " + snapshotId + " is not one devbox took of a box's volume";
            }
            // Gone (a user deleted it) is EC2's to refuse; pending or failed means the pipeline misread it.
            String state = now.snapshot(snapshotId).map(Ec2State.Snapshot::state).orElse("gone");
            if (!"completed".equals(state) && !"gone".equals(state)) {
                return "snapshot " + snapshotId + " is " + state + ", not completed";
            }
            sources.add(box.cycle());
        }
        if (sources.size() != 1) {
            return "its snapshots come from " + sources.size() + " cycles";
        }
        CycleRef cycle = sources.iterator().next();
        String tags = tagsMatch(call.tags(), cycle);
        if (tags != null) {
            return tags;
        }
        Box box = boxes.stream().filter(b -> b.cycle().equals(cycle)).findFirst().orElseThrow();
        Set<String> imaged = call.snapshotsByDevice().values().stream().map(ourSnapshots::get).collect(Collectors.toSet());
        List<String> missing = box.volumesByDevice().values().stream().filter(v -> !imaged.contains(v)).toList();
        if (!missing.isEmpty()) {
            return "misses volume(s) " + missing + " attached at termination";
        }
        // A retry under the same name is safe (EC2 refuses a duplicate name, and the pipeline adopts);
        // another name would make a second AMI.
        List<String> existing = ourImages.entrySet().stream().filter(e -> e.getValue().equals(cycle)
                        && now.image(e.getKey()).filter(i -> !i.name().equals(call.name())).isPresent())
                .map(Map.Entry::getKey).toList();
        if (!existing.isEmpty()) {
            return "a second AMI for " + cycle + " (already " + existing + ")";
        }
        imageRequests.put(call.name(), cycle);
        return null;
    }

    /** Invariant 3: only devbox's own resources are tagged, and only with their own cycle. */
    private String createTags(Ec2State now, Ec2Call.CreateTags call) {
        for (String id : call.resourceIds()) {
            CycleRef cycle = cycleOf(id);
            if (cycle == null) {
                return id + " is not devbox's";
            }
            String tags = tagsMatch(call.tags(), cycle);
            if (tags != null) {
                return id + ": " + tags;
            }
        }
        return null;
    }

    // ---- end state ----

    /** Invariant 6 for a cycle that has ended: READY holds every volume attached at termination; FAILED kept them. */
    private void settledCycle(Ec2State now, Project project, Box box) {
        if (project.state() == ProjectState.READY) {
            Ec2State.Image image = now.image(project.imageId()).orElse(null);
            if (image == null || !"available".equals(image.state())) {
                record(project.name() + " is READY but its AMI " + project.imageId() + " is not available");
                return;
            }
            box.volumesByDevice().forEach((device, volumeId) -> {
                if (!now.imageHoldsCompletedSnapshotOf(image, volumeId)) {
                    record(project.name() + " is READY but AMI " + image.id() + " holds no snapshot of " + volumeId
                            + " (" + device + "), attached at termination");
                }
            });
        } else if (project.state() == ProjectState.FAILED) {
            if (project.failure() == null || project.failure().reason().isBlank()) {
                record(project.name() + " is FAILED without a reason");
            }
            box.volumesByDevice().values().stream().filter(v -> !now.volumes().containsKey(v))
                    .forEach(v -> record(project.name() + " is FAILED and lost volume " + v));
        }
    }

    // ---- what is devbox's ----

    /** Attributes snapshots and AMIs the system created whose ids a crash kept from this oracle. */
    private void learn(Ec2State now) {
        for (Ec2State.Snapshot s : now.snapshots()) {
            Set<String> before = snapshotRequests.get(s.volumeId());
            if (before != null && !before.contains(s.id()) && !ourSnapshots.containsKey(s.id())) {
                ourSnapshots.put(s.id(), s.volumeId());
            }
        }
        for (Ec2State.Image image : now.images()) {
            CycleRef cycle = imageRequests.get(image.name());
            if (cycle != null && !ourImages.containsKey(image.id())) {
                adopt(image.id(), cycle);
            }
        }
    }

    private void adopt(String imageId, CycleRef cycle) {
        if (ourImages.putIfAbsent(imageId, cycle) == null) {
            long count = ourImages.values().stream().filter(cycle::equals).count();
            if (count > 1) {
                violate("RegisterImage: " + count + " AMIs registered for " + cycle);
            }
        }
    }

    private Box boxOf(String volumeId) {
        return boxes.stream().filter(b -> b.everHeld().contains(volumeId)).findFirst().orElse(null);
    }

    private CycleRef cycleOf(String resourceId) {
        Box byVolume = boxOf(resourceId);
        if (byVolume != null) {
            return byVolume.cycle();
        }
        Optional<Box> byInstance = boxes.stream().filter(b -> b.instanceId().equals(resourceId)).findFirst();
        if (byInstance.isPresent()) {
            return byInstance.get().cycle();
        }
        String source = ourSnapshots.get(resourceId);
        if (source != null && boxOf(source) != null) {
            return boxOf(source).cycle();
        }
        return ourImages.get(resourceId);
    }

    private Optional<Box> currentBox(Project project) {
        return boxes.stream().filter(b -> b.cycle().project().equals(project.name())
                && b.cycle().generation() == project.generation()).findFirst();
    }

    private String tagsMatch(Map<String, String> tags, CycleRef cycle) {
        String wantStack = tags.get(ResourceNames.TAG_STACK);
        String wantProject = tags.get(ResourceNames.TAG_PROJECT);
        String wantGeneration = tags.get(ResourceNames.TAG_GENERATION);
        if (wantStack != null && !wantStack.equals(stack) || wantProject != null
                && !wantProject.equals(cycle.project().value()) || wantGeneration != null
                && !wantGeneration.equals(Long.toString(cycle.generation()))) {
            return "tags " + tags + " do not name its cycle " + cycle + " of stack " + stack;
        }
        return null;
    }

    private void violate(String message) {
        record(message);
        throw new AssertionError("data-safety violation: " + message + "\nlast calls:\n  "
                + String.join("\n  ", log.subList(Math.max(0, log.size() - 15), log.size())));
    }

    private void record(String message) {
        violations.add(message);
    }

    /** For {@link Invariants}: every AMI this history saw the system register, with its cycle. */
    synchronized Map<String, CycleRef> imagesRegistered() {
        return Map.copyOf(ourImages);
    }
}
