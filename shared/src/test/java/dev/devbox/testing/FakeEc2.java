package dev.devbox.testing;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.ImageNameTakenException;
import dev.devbox.port.SnapshotInUseException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory EC2 with the behaviours devbox's safety depends on (terminated
 * instances lose their mappings, DeleteOnTermination=false volumes stay,
 * duplicate AMI names and in-use snapshot deletes are refused) that also emits
 * the EventBridge events AWS would. For fast property tests; the emulator ITs
 * cover the real SDK path.
 */
public final class FakeEc2 implements Ec2Gateway {
    public static final MachineProfile MACHINE = new MachineProfile("x86_64", "/dev/sda1", true, "uefi");

    public record Instance(String id, String state, Map<String, String> tags, Map<String, String> devices) {
    }

    public record Volume(VolumeMapping mapping, String state, Map<String, String> tags) {
    }

    public record Snapshot(String id, String volumeId, String state, Map<String, String> tags) {
    }

    public record Image(String id, String name, String state, Map<String, String> tags, List<ImageDevice> devices) {
    }

    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Volume> volumes = new LinkedHashMap<>();
    private final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final AtomicInteger calls = new AtomicInteger();
    private int failAt = -1;
    private boolean failAfter;
    private boolean fired;
    private boolean slow;
    private int completionFailures;

    /** True if the armed failure happened. */
    public synchronized boolean fired() {
        return fired;
    }

    /** Fails the {@code index}-th gateway call from now: before it takes effect, or after (a crash). */
    public synchronized void failCall(int index, boolean afterEffect) {
        calls.set(0);
        fired = false;
        failAt = index;
        failAfter = afterEffect;
    }

    public synchronized void disarm() {
        failAt = -1;
    }

    /** Gateway calls since the last {@link #failCall} (a dry run arms an index it never reaches, to count). */
    public synchronized int callsSinceArmed() {
        return calls.get();
    }

    /** From now on snapshots and AMIs stay pending until {@link #progress} finishes them (as in AWS). */
    public synchronized void slowCompletion() {
        slow = true;
    }

    /**
     * Time passes: each shutting-down instance, pending snapshot and AMI finishes with probability one
     * half (snapshots and AMIs failing with probability {@code failRate}) and emits its event.
     */
    public synchronized void progress(java.util.Random random, double failRate) {
        progress(random, failRate, false);
    }

    /** As {@link #progress(java.util.Random, double)}; with {@code everything}, all pending work finishes now. */
    public synchronized void progress(java.util.Random random, double failRate, boolean everything) {
        for (Instance i : List.copyOf(instances.values())) {
            if ("shutting-down".equals(i.state()) && (everything || random.nextBoolean())) {
                finishTermination(i.id());
            }
        }
        for (Snapshot s : List.copyOf(snapshots.values())) {
            if ("pending".equals(s.state()) && (everything || random.nextBoolean())) {
                boolean failed = random.nextDouble() < failRate;
                completionFailures += failed ? 1 : 0;
                snapshots.put(s.id(), new Snapshot(s.id(), s.volumeId(), failed ? "error" : "completed", s.tags()));
                snapshotEvent(s.id(), s.volumeId(), !failed);
            }
        }
        for (Image i : List.copyOf(images.values())) {
            if ("pending".equals(i.state()) && (everything || random.nextBoolean())) {
                boolean failed = random.nextDouble() < failRate;
                completionFailures += failed ? 1 : 0;
                images.put(i.id(), new Image(i.id(), i.name(), failed ? "failed" : "available", i.tags(), i.devices()));
                imageEvent(i.id(), failed ? "failed" : "available");
            }
        }
    }

    /** How many snapshots and AMIs {@link #progress} has failed so far. */
    public synchronized int completionFailures() {
        return completionFailures;
    }

    /** Events emitted since the last call, oldest first. */
    public synchronized List<String> drainEvents() {
        List<String> out = new ArrayList<>(events);
        events.clear();
        return out;
    }

    // ---- the world outside devbox (the CLI, the user, AWS) ----

    public synchronized String runInstance(Map<String, String> tags, List<VolumeMapping> requested) {
        String id = id("i-");
        Map<String, String> devices = new LinkedHashMap<>();
        for (VolumeMapping v : requested) {
            String volumeId = id("vol-");
            volumes.put(volumeId, new Volume(new VolumeMapping(v.deviceName(), volumeId, v.volumeType(), v.sizeGiB(),
                    v.iops(), v.throughput(), v.encrypted(), null), "in-use", new HashMap<>()));
            devices.put(v.deviceName(), volumeId);
        }
        instances.put(id, new Instance(id, "running", new HashMap<>(tags), devices));
        instanceEvent(id, "pending");
        instanceEvent(id, "running");
        return id;
    }

    public synchronized String runFromImage(Map<String, String> tags, String imageId) {
        Image image = images.get(imageId);
        return runInstance(tags, image.devices().stream().map(ImageDevice::volume).toList());
    }

    /** Shuts the instance down; with {@link #slowCompletion} it stays shutting-down (devices attached) a while. */
    public synchronized void terminate(String instanceId) {
        Instance i = instances.get(instanceId);
        instances.put(instanceId, new Instance(instanceId, "shutting-down", i.tags(), i.devices()));
        instanceEvent(instanceId, "shutting-down");
        if (!slow) {
            finishTermination(instanceId);
        }
    }

    private void finishTermination(String instanceId) {
        Instance i = instances.get(instanceId);
        i.devices().values().forEach(v -> volumes.computeIfPresent(v, (k, old) -> new Volume(old.mapping(), "available", old.tags())));
        instances.put(instanceId, new Instance(instanceId, "terminated", i.tags(), Map.of()));
        instanceEvent(instanceId, "terminated");
    }

    /** The user stops the box: its volumes stay attached. */
    public synchronized void stop(String instanceId) {
        Instance i = instances.get(instanceId);
        instanceEvent(instanceId, "stopping");
        instances.put(instanceId, new Instance(instanceId, "stopped", i.tags(), i.devices()));
        instanceEvent(instanceId, "stopped");
    }

    /** The user creates a volume and attaches it to the box; returns its id. */
    public synchronized String attachNewVolume(String instanceId, String device, int sizeGiB) {
        String volumeId = id("vol-");
        volumes.put(volumeId, new Volume(new VolumeMapping(device, volumeId, "gp3", sizeGiB, 3000, 125, true, null),
                "in-use", new HashMap<>()));
        Instance i = instances.get(instanceId);
        Map<String, String> devices = new LinkedHashMap<>(i.devices());
        devices.put(device, volumeId);
        instances.put(instanceId, new Instance(instanceId, i.state(), i.tags(), devices));
        return volumeId;
    }

    /** The user detaches a volume from the box (it stays, available). */
    public synchronized void detach(String instanceId, String volumeId) {
        Instance i = instances.get(instanceId);
        Map<String, String> devices = new LinkedHashMap<>(i.devices());
        devices.values().remove(volumeId);
        instances.put(instanceId, new Instance(instanceId, i.state(), i.tags(), devices));
        volumes.computeIfPresent(volumeId, (k, old) -> new Volume(old.mapping(), "available", old.tags()));
    }

    /** The user deletes a volume; EC2 refuses while it is attached. Returns whether it was deleted. */
    public synchronized boolean userDeletesVolume(String volumeId) {
        Volume v = volumes.get(volumeId);
        if (v == null || "in-use".equals(v.state())) {
            return false;
        }
        volumes.remove(volumeId);
        return true;
    }

    /** The user deletes a snapshot; EC2 refuses while an AMI uses it. Returns whether it was deleted. */
    public synchronized boolean userDeletesSnapshot(String snapshotId) {
        if (images.values().stream().anyMatch(i -> i.devices().stream().anyMatch(d -> d.snapshotId().equals(snapshotId)))) {
            return false;
        }
        return snapshots.remove(snapshotId) != null;
    }

    public synchronized Map<String, String> devicesOf(String instanceId) {
        return Map.copyOf(instances.get(instanceId).devices());
    }

    public synchronized String createForeignVolume(Map<String, String> tags) {
        String id = id("vol-");
        volumes.put(id, new Volume(new VolumeMapping("", id, "gp3", 5, null, null, false, null), "available", new HashMap<>(tags)));
        return id;
    }

    public synchronized String createForeignSnapshot(String volumeId, Map<String, String> tags) {
        String id = id("snap-");
        snapshots.put(id, new Snapshot(id, volumeId, "completed", new HashMap<>(tags)));
        return id;
    }

    // ---- views for invariant checks ----

    public synchronized Map<String, Instance> allInstances() {
        return Map.copyOf(instances);
    }

    public synchronized Map<String, Volume> allVolumes() {
        return Map.copyOf(volumes);
    }

    public synchronized Map<String, Snapshot> allSnapshots() {
        return Map.copyOf(snapshots);
    }

    public synchronized Map<String, Image> allImages() {
        return Map.copyOf(images);
    }

    // ---- Ec2Gateway ----

    @Override
    public synchronized List<InstanceView> instances(Collection<String> instanceIds) {
        return call(() -> instanceIds.stream().filter(instances::containsKey).map(id -> view(instances.get(id))).toList());
    }

    /** A read the safety judge need not see fail: not counted as a gateway call for {@link #failCall}. */
    @Override
    public synchronized Optional<InstanceEnd> instanceEnd(String instanceId) {
        Instance i = instances.get(instanceId);
        boolean ended = i != null && ("shutting-down".equals(i.state()) || "terminated".equals(i.state()));
        return i == null ? Optional.empty()
                : Optional.of(new InstanceEnd(ended ? "Client.UserInitiatedShutdown" : null, null));
    }

    @Override
    public synchronized List<InstanceView> instancesOfCycle(String stack, CycleRef cycle) {
        return call(() -> instances.values().stream().filter(i -> Ownership.ownedByCycle(i.tags(), stack, cycle))
                .map(this::view).toList());
    }

    @Override
    public synchronized List<VolumeView> volumes(Collection<String> volumeIds) {
        return call(() -> volumeIds.stream().filter(volumes::containsKey)
                .map(id -> new VolumeView(volumes.get(id).mapping(), volumes.get(id).state(), Map.copyOf(volumes.get(id).tags())))
                .toList());
    }

    @Override
    public synchronized void tag(Collection<String> resourceIds, Map<String, String> tags) {
        call(() -> {
            for (String id : resourceIds) {
                if (volumes.containsKey(id)) {
                    volumes.get(id).tags().putAll(tags);
                }
            }
            return null;
        });
    }

    @Override
    public synchronized List<SnapshotView> snapshotsOfCycle(String stack, CycleRef cycle) {
        return call(() -> snapshots.values().stream().filter(s -> Ownership.ownedByCycle(s.tags(), stack, cycle))
                .map(FakeEc2::view).toList());
    }

    @Override
    public synchronized List<SnapshotView> snapshots(Collection<String> snapshotIds) {
        return call(() -> snapshotIds.stream().filter(snapshots::containsKey).map(id -> view(snapshots.get(id))).toList());
    }

    @Override
    public synchronized String createSnapshot(String volumeId, String description, Map<String, String> tags) {
        return call(() -> {
            if (!volumes.containsKey(volumeId)) {
                throw new IllegalStateException("InvalidVolume.NotFound " + volumeId);
            }
            String id = id("snap-");
            snapshots.put(id, new Snapshot(id, volumeId, slow ? "pending" : "completed", new HashMap<>(tags)));
            if (!slow) {
                snapshotEvent(id, volumeId, true);
            }
            return id;
        });
    }

    @Override
    public synchronized Optional<ImageView> imageNamed(String name) {
        return call(() -> images.values().stream().filter(i -> i.name().equals(name)).findFirst().map(FakeEc2::view));
    }

    @Override
    public synchronized Optional<ImageView> image(String imageId) {
        return call(() -> Optional.ofNullable(images.get(imageId)).map(FakeEc2::view));
    }

    @Override
    public synchronized String registerImage(ImageSpec spec) {
        return call(() -> {
            if (images.values().stream().anyMatch(i -> i.name().equals(spec.name()))) {
                throw new ImageNameTakenException(spec.name(), null);
            }
            List<String> notReady = spec.devices().stream().map(ImageDevice::snapshotId)
                    .filter(sid -> !snapshots.containsKey(sid) || !"completed".equals(snapshots.get(sid).state())).toList();
            if (!notReady.isEmpty()) {
                throw new IllegalStateException("InvalidSnapshot: not completed or gone: " + notReady);
            }
            String id = id("ami-");
            images.put(id, new Image(id, spec.name(), slow ? "pending" : "available", new HashMap<>(spec.tags()),
                    List.copyOf(spec.devices())));
            if (!slow) {
                imageEvent(id, "available");
            }
            return id;
        });
    }

    @Override
    public synchronized List<String> projectImagesUsingSnapshot(String stack, ProjectName project, String snapshotId) {
        return call(() -> images.values().stream()
                .filter(i -> Ownership.ownedByProject(i.tags(), stack, project))
                .filter(i -> i.devices().stream().anyMatch(d -> d.snapshotId().equals(snapshotId)))
                .map(Image::id).toList());
    }

    @Override
    public synchronized void deleteVolume(String volumeId) {
        call(() -> volumes.remove(volumeId));
    }

    @Override
    public synchronized void deregisterImage(String imageId) {
        call(() -> {
            if (images.remove(imageId) != null) {
                imageEvent(imageId, "deregistered");
            }
            return null;
        });
    }

    @Override
    public synchronized void deleteSnapshot(String snapshotId) {
        call(() -> {
            if (images.values().stream().anyMatch(i -> i.devices().stream().anyMatch(d -> d.snapshotId().equals(snapshotId)))) {
                throw new SnapshotInUseException(snapshotId, null);
            }
            return snapshots.remove(snapshotId);
        });
    }

    // ---- internals ----

    private <T> T call(java.util.function.Supplier<T> effect) {
        int index = calls.getAndIncrement();
        boolean fail = index == failAt;
        if (fail) {
            fired = true;
        }
        if (fail && !failAfter) {
            failAt = -1;
            throw new FakeFault("injected EC2 error before call " + index);
        }
        T result = effect.get();
        if (fail) {
            failAt = -1;
            throw new FakeFault("injected crash after EC2 call " + index);
        }
        return result;
    }

    /** An injected failure. */
    public static final class FakeFault extends RuntimeException {
        FakeFault(String message) {
            super(message);
        }
    }

    private InstanceView view(Instance i) {
        boolean reports = !"terminated".equals(i.state());
        return new InstanceView(i.id(), i.state(), Map.copyOf(i.tags()), reports ? MACHINE : null, Map.copyOf(i.devices()));
    }

    private static SnapshotView view(Snapshot s) {
        return new SnapshotView(s.id(), s.volumeId(), s.state(), "", Map.copyOf(s.tags()));
    }

    private static ImageView view(Image i) {
        return new ImageView(i.id(), i.name(), i.state(), "", Map.copyOf(i.tags()),
                i.devices().stream().map(ImageDevice::snapshotId).toList());
    }

    private String id(String prefix) {
        return prefix + String.format("%017x", ids.incrementAndGet());
    }

    private void instanceEvent(String id, String state) {
        events.add(envelope("EC2 Instance State-change Notification", "instance/" + id,
                "{\"instance-id\":\"" + id + "\",\"state\":\"" + state + "\"}"));
    }

    private void snapshotEvent(String id, String volumeId, boolean succeeded) {
        events.add(envelope("EBS Snapshot Notification", "snapshot/" + id,
                "{\"event\":\"createSnapshot\",\"result\":\"" + (succeeded ? "succeeded" : "failed")
                        + "\",\"cause\":\"" + (succeeded ? "" : "Internal error") + "\",\"snapshot_id\":\"arn:aws:ec2:us-east-1::snapshot/"
                        + id + "\",\"source\":\"arn:aws:ec2:us-east-1::volume/" + volumeId + "\"}"));
    }

    private void imageEvent(String id, String state) {
        events.add(envelope("EC2 AMI State Change", "image/" + id,
                "{\"ImageId\":\"" + id + "\",\"State\":\"" + state + "\",\"ErrorMessage\":\"\"}"));
    }

    private String envelope(String detailType, String resource, String detail) {
        return "{\"version\":\"0\",\"id\":\"" + new UUID(0, ids.incrementAndGet()) + "\",\"detail-type\":\"" + detailType
                + "\",\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-11-21T12:00:00Z\","
                + "\"region\":\"us-east-1\",\"resources\":[\"arn:aws:ec2:us-east-1:123456789012:" + resource
                + "\"],\"detail\":" + detail + "}";
    }

    static Map<String, String> tags(String stack, CycleRef cycle) {
        Map<String, String> tags = new HashMap<>(Ownership.cycleTags(stack, cycle));
        tags.put(ResourceNames.TAG_OWNER, "tester");
        return tags;
    }
}
