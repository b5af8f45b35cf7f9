package dev.devbox.emulator.events;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/** One look at the account's EC2 world: the state of every instance, own snapshot and own image. */
record Ec2Observation(Map<String, String> instances, Map<String, SnapshotSeen> snapshots, Map<String, String> images) {

    record SnapshotSeen(String state, String volumeId, String startTime) {}

    static Ec2Observation take(Ec2Client ec2, String account) {
        Map<String, String> instances = new HashMap<>();
        for (Reservation reservation : ec2.describeInstancesPaginator(b -> { }).reservations()) {
            for (Instance instance : reservation.instances()) {
                instances.put(instance.instanceId(), instance.state().nameAsString());
            }
        }
        Map<String, SnapshotSeen> snapshots = new HashMap<>();
        Filter ownSnapshots = Filter.builder().name("owner-id").values(account).build();
        for (Snapshot snapshot : ec2.describeSnapshotsPaginator(b -> b.filters(ownSnapshots)).snapshots()) {
            snapshots.put(snapshot.snapshotId(), new SnapshotSeen(snapshot.stateAsString(), snapshot.volumeId(),
                    snapshot.startTime() == null ? null : snapshot.startTime().toString()));
        }
        Map<String, String> images = new HashMap<>();
        for (Image image : ec2.describeImages(b -> b.owners("self")).images()) {
            images.put(image.imageId(), image.stateAsString());
        }
        return new Ec2Observation(instances, snapshots, images);
    }

    static Ec2Observation empty() {
        return new Ec2Observation(Map.of(), Map.of(), Map.of());
    }
}
