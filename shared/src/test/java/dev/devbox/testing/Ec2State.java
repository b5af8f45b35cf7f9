package dev.devbox.testing;

import software.amazon.awssdk.services.ec2.Ec2Client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What EC2 holds right now, in neutral terms, so one set of checks serves the
 * emulator and the in-memory fake: every instance with its attached volumes,
 * every volume with its state and attachment, every snapshot with its state and
 * source, every image with its real device-to-snapshot mappings.
 */
public record Ec2State(Map<String, Volume> volumes, List<Snapshot> snapshots, List<Image> images,
                       List<Instance> instances) {

    /** {@code attachedTo} is the instance the volume is attached to, or null. */
    public record Volume(String id, String state, Map<String, String> tags, String attachedTo) {
    }

    public record Snapshot(String id, String volumeId, String state, Map<String, String> tags) {
    }

    public record Image(String id, String name, String state, Map<String, String> tags,
                        Map<String, String> snapshotsByDevice) {
        public List<String> snapshotIds() {
            return List.copyOf(snapshotsByDevice.values());
        }
    }

    public record Instance(String id, String state, Map<String, String> tags, Map<String, String> volumesByDevice) {
    }

    public Optional<Snapshot> snapshot(String id) {
        return snapshots.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<Image> image(String id) {
        return images.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    public Optional<Instance> instance(String id) {
        return instances.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** True if the image's real mappings hold a completed snapshot taken from the volume. */
    public boolean imageHoldsCompletedSnapshotOf(Image image, String volumeId) {
        return image.snapshotsByDevice().values().stream().map(this::snapshot).flatMap(Optional::stream)
                .anyMatch(s -> volumeId.equals(s.volumeId()) && "completed".equals(s.state()));
    }

    public static Ec2State of(Ec2Client ec2) {
        Map<String, Volume> volumes = ec2.describeVolumes().volumes().stream()
                .map(v -> new Volume(v.volumeId(), v.stateAsString(), ForeignResources.tags(v.tags()),
                        v.attachments().stream().map(a -> a.instanceId()).filter(Objects::nonNull).findFirst().orElse(null)))
                .collect(Collectors.toMap(Volume::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<Snapshot> snapshots = ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots().stream()
                .map(s -> new Snapshot(s.snapshotId(), s.volumeId(), s.stateAsString(), ForeignResources.tags(s.tags())))
                .toList();
        List<Image> images = ec2.describeImages(b -> b.owners("self")).images().stream()
                .map(i -> new Image(i.imageId(), i.name(), i.stateAsString(), ForeignResources.tags(i.tags()),
                        i.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                                .collect(Collectors.toMap(m -> m.deviceName(), m -> m.ebs().snapshotId(), (a, b) -> a,
                                        LinkedHashMap::new))))
                .toList();
        List<Instance> instances = ec2.describeInstances().reservations().stream()
                .flatMap(r -> r.instances().stream())
                .map(i -> new Instance(i.instanceId(), i.state().nameAsString(), ForeignResources.tags(i.tags()),
                        i.blockDeviceMappings().stream().filter(m -> m.ebs() != null)
                                .collect(Collectors.toMap(m -> m.deviceName(), m -> m.ebs().volumeId(), (a, b) -> a,
                                        LinkedHashMap::new))))
                .toList();
        return new Ec2State(volumes, snapshots, images, instances);
    }

    public static Ec2State of(FakeEc2 fake) {
        Map<String, FakeEc2.Instance> instances = fake.allInstances();
        Map<String, String> attachedTo = new LinkedHashMap<>();
        instances.values().forEach(i -> i.devices().values().forEach(v -> attachedTo.put(v, i.id())));
        Map<String, Volume> volumes = fake.allVolumes().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new Volume(e.getKey(), e.getValue().state(),
                        Map.copyOf(e.getValue().tags()), attachedTo.get(e.getKey())), (a, b) -> a, LinkedHashMap::new));
        List<Snapshot> snapshots = fake.allSnapshots().values().stream()
                .map(s -> new Snapshot(s.id(), s.volumeId(), s.state(), Map.copyOf(s.tags()))).toList();
        List<Image> images = fake.allImages().values().stream()
                .map(i -> new Image(i.id(), i.name(), i.state(), Map.copyOf(i.tags()),
                        i.devices().stream().collect(Collectors.toMap(d -> d.volume().deviceName(),
                                FakeEc2.ImageDevice::snapshotId, (a, b) -> a, LinkedHashMap::new))))
                .toList();
        List<Instance> all = instances.values().stream()
                .map(i -> new Instance(i.id(), i.state(), Map.copyOf(i.tags()), Map.copyOf(i.devices()))).toList();
        return new Ec2State(volumes, snapshots, images, all);
    }
}
