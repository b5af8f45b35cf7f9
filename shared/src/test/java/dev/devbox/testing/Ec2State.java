package dev.devbox.testing;

import software.amazon.awssdk.services.ec2.Ec2Client;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What EC2 holds right now, in neutral terms, so one invariant checker serves the emulator and the fake. */
public record Ec2State(Map<String, Map<String, String>> volumes, List<Snapshot> snapshots, List<Image> images) {

    public record Snapshot(String id, String volumeId, Map<String, String> tags) {
    }

    public record Image(String id, String name, String state, Map<String, String> tags, List<String> snapshotIds) {
    }

    public static Ec2State of(Ec2Client ec2) {
        Map<String, Map<String, String>> volumes = ec2.describeVolumes().volumes().stream()
                .collect(Collectors.toMap(v -> v.volumeId(), v -> ForeignResources.tags(v.tags())));
        List<Snapshot> snapshots = ec2.describeSnapshots(b -> b.ownerIds("self")).snapshots().stream()
                .map(s -> new Snapshot(s.snapshotId(), s.volumeId(), ForeignResources.tags(s.tags()))).toList();
        List<Image> images = ec2.describeImages(b -> b.owners("self")).images().stream()
                .map(i -> new Image(i.imageId(), i.name(), i.stateAsString(), ForeignResources.tags(i.tags()),
                        i.blockDeviceMappings().stream().filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
                                .map(m -> m.ebs().snapshotId()).toList()))
                .toList();
        return new Ec2State(volumes, snapshots, images);
    }

    public static Ec2State of(FakeEc2 fake) {
        Map<String, Map<String, String>> volumes = fake.allVolumes().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue().tags())));
        List<Snapshot> snapshots = fake.allSnapshots().values().stream()
                .map(s -> new Snapshot(s.id(), s.volumeId(), Map.copyOf(s.tags()))).toList();
        List<Image> images = fake.allImages().values().stream()
                .map(i -> new Image(i.id(), i.name(), i.state(), Map.copyOf(i.tags()),
                        i.devices().stream().map(d -> d.snapshotId()).toList()))
                .toList();
        return new Ec2State(volumes, snapshots, images);
    }
}
