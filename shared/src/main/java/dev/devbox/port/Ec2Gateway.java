package dev.devbox.port;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.VolumeMapping;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EC2 calls the pipeline makes, in devbox's own types. Deletes of resources
 * that are already gone succeed (every step may run twice); callers check
 * ownership tags before any delete.
 */
public interface Ec2Gateway {

    /** Instances by id; ids EC2 does not know are left out. */
    List<InstanceView> instances(Collection<String> instanceIds);

    /** Instances tagged for this cycle (a launch whose RUNNING record was never written). */
    List<InstanceView> instancesOfCycle(String stack, CycleRef cycle);

    /** How EC2 says an instance ended, while it still reports the instance (about an hour after termination). */
    Optional<InstanceEnd> instanceEnd(String instanceId);

    /** Volumes by id; ids EC2 does not know are left out. */
    List<VolumeView> volumes(Collection<String> volumeIds);

    void tag(Collection<String> resourceIds, Map<String, String> tags);

    /** Snapshots tagged for this cycle (adopted on retry instead of taking a second one). */
    List<SnapshotView> snapshotsOfCycle(String stack, CycleRef cycle);

    List<SnapshotView> snapshots(Collection<String> snapshotIds);

    String createSnapshot(String volumeId, String description, Map<String, String> tags);

    Optional<ImageView> imageNamed(String name);

    Optional<ImageView> image(String imageId);

    /**
     * @throws ImageNameTakenException if an AMI with that name exists (a retry: adopt it)
     */
    String registerImage(ImageSpec spec);

    /**
     * Ids of this project's AMIs (by devbox tags) whose mappings use the snapshot. AMIs
     * anyone else registered from it are caught by EC2 itself: DeleteSnapshot refuses
     * with InvalidSnapshot.InUse ({@link SnapshotInUseException}).
     */
    List<String> projectImagesUsingSnapshot(String stack, ProjectName project, String snapshotId);

    void deleteVolume(String volumeId);

    void deregisterImage(String imageId);

    void deleteSnapshot(String snapshotId);

    /** An instance as the pipeline needs it; {@code machine} is null when EC2 no longer reports it. */
    record InstanceView(String instanceId, String state, Map<String, String> tags, MachineProfile machine,
                        Map<String, String> volumeIdsByDevice) {
    }

    /**
     * EC2's StateReason code ({@code Client.UserInitiatedShutdown}, ...; null when it gives none) and
     * when the instance ended, from its state transition reason (null when EC2 does not say).
     */
    record InstanceEnd(String stateReasonCode, Instant at) {
    }

    /** A volume with its attributes as a mapping (device name as last attached, may be empty). */
    record VolumeView(VolumeMapping mapping, String state, Map<String, String> tags) {
    }

    record SnapshotView(String snapshotId, String volumeId, String state, String stateMessage,
                        Map<String, String> tags) {
    }

    record ImageView(String imageId, String name, String state, String stateReason,
                     Map<String, String> tags, List<String> snapshotIds) {
    }

    /** One device of an AMI to register, backed by a completed snapshot. */
    record ImageDevice(VolumeMapping volume, String snapshotId) {
    }

    record ImageSpec(String name, String description, MachineProfile machine, List<ImageDevice> devices,
                     Map<String, String> tags) {
    }
}
