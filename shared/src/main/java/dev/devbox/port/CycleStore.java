package dev.devbox.port;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.RetainedImage;
import dev.devbox.domain.SessionEnding;
import dev.devbox.domain.VolumeMapping;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The records of one cycle (volumes, snapshots, the AMI) and the lookups that
 * resolve an event's resource id to its cycle with a single key read.
 */
public interface CycleStore {

    Optional<CycleRef> cycleOfInstance(String instanceId);

    Optional<SnapshotOwner> cycleOfSnapshot(String snapshotId);

    Optional<CycleRef> cycleOfImage(String imageId);

    /**
     * Records the cycle's device mapping once, while the project is RUNNING in that generation.
     *
     * @return false if it was already recorded (or the project has moved on)
     */
    /**
     * The control plane's terminate is about to end the cycle's box: recorded while the project is
     * RUNNING in that generation, so the pipeline can tell `devbox terminate` from the console.
     *
     * @return false if the project has moved on
     */
    boolean recordTerminateAsked(CycleRef cycle, Instant at);

    /**
     * EC2's StateReason code for the cycle's terminated box (null when EC2 gave none), recorded once
     * per cycle while the project is still in that generation; a later record of the same cycle
     * (a duplicate event, the reconciler) does not overwrite it.
     *
     * @return false if already recorded or the project has moved on
     */
    boolean recordEnded(CycleRef cycle, String stateReasonCode, Instant endedAt);

    /** How the project's newest ended (or ending) box ended, as far as the records tell. */
    Optional<SessionEnding> lastEnding(ProjectName project);

    boolean recordMapping(CycleRef cycle, MachineProfile machine, List<VolumeMapping> volumes, Instant now);

    /**
     * Adds records for volumes attached after the mapping was recorded, while the project is RUNNING
     * in that generation with its mapping recorded.
     *
     * @return false if the project has moved on or a device was recorded meanwhile
     */
    boolean recordAttachedVolumes(CycleRef cycle, List<VolumeMapping> volumes);

    /** The volumes of one cycle, by device name. */
    List<CycleVolume> volumes(CycleRef cycle);

    /** Volume records of every generation not yet cleaned up. */
    List<GenerationVolume> remainingVolumes(ProjectName project);

    /** RUNNING -> SNAPSHOTTING, expecting {@code pendingSnapshots} completions. */
    void beginSnapshotting(CycleRef cycle, int pendingSnapshots, Instant now);

    /** NONE -> PENDING with the snapshot id, and the snapshot's lookup record. */
    void recordSnapshot(CycleRef cycle, String deviceName, String snapshotId);

    /**
     * PENDING -> COMPLETED for this snapshot, and one fewer pending on the project; the
     * completion of the last one moves the project SNAPSHOTTING -> IMAGING in the same
     * transaction, so exactly one caller ever sees {@link SnapshotCompletion#LAST}.
     */
    SnapshotCompletion completeSnapshot(CycleRef cycle, String deviceName, String snapshotId, Instant now);

    /**
     * PENDING -> NONE with one more attempt counted, so the snapshot step takes a new one.
     *
     * @return the attempts so far, or empty if this snapshot is no longer the volume's pending one
     */
    OptionalInt snapshotFailed(CycleRef cycle, String deviceName, String snapshotId);

    /** Records the AMI registered for the cycle (while IMAGING) and its lookup record. */
    void recordPendingImage(CycleRef cycle, String imageId, Instant now);

    /** IMAGING -> READY: records the AMI on the project and as a retained image, marks cleanup pending. */
    void markReady(CycleRef cycle, String imageId, List<String> snapshotIds, Instant now);

    /** Retained project AMIs, oldest first. */
    List<RetainedImage> retainedImages(ProjectName project);

    void forgetImage(ProjectName project, RetainedImage image);

    void forgetVolume(ProjectName project, long generation, String deviceName, Instant now);

    /** Clears the cleanup-pending mark (READY in that generation) so the reconciler stops visiting. */
    void finishCleanup(CycleRef cycle, Instant now);

    /** A snapshot lookup: the cycle and the device the snapshot belongs to. */
    record SnapshotOwner(CycleRef cycle, String deviceName) {
    }

    /** A volume record together with its generation. */
    record GenerationVolume(long generation, CycleVolume volume) {
    }

    /** Outcome of {@link #completeSnapshot}. */
    enum SnapshotCompletion {
        /** Counted; other snapshots of the cycle are still pending. */
        COUNTED,
        /** Counted, and it was the last: the project is now IMAGING. */
        LAST,
        /** Already counted before (duplicate or late event), or no longer this cycle's snapshot. */
        ALREADY_COUNTED,
        /** The project is not SNAPSHOTTING in this generation. */
        NOT_SNAPSHOTTING
    }
}
