package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.Failure;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.domain.SnapshotState;
import dev.devbox.domain.VolumeMapping;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Items to domain records and back. */
final class ItemMapper {
    private ItemMapper() {
    }

    static Project project(Map<String, AttributeValue> item) {
        String architecture = Values.str(item, Attr.ARCHITECTURE);
        MachineProfile machine = architecture == null ? null : new MachineProfile(
                architecture,
                Values.str(item, Attr.ROOT_DEVICE_NAME),
                Values.bool(item, Attr.ENA_SUPPORT),
                Values.str(item, Attr.BOOT_MODE));
        String failureStage = Values.str(item, Attr.FAILURE_STAGE);
        Failure failure = failureStage == null ? null
                : new Failure(ProjectState.valueOf(failureStage), Values.str(item, Attr.FAILURE_REASON));
        long imageGeneration = Values.num(item, Attr.IMAGE_GENERATION, 0);
        return new Project(
                new ProjectName(Values.str(item, Attr.NAME)),
                ProjectState.valueOf(Values.str(item, Attr.STATE)),
                Values.num(item, Attr.GENERATION, 0),
                Values.instant(item, Attr.STATE_SINCE),
                Values.str(item, Attr.OWNER),
                Values.str(item, Attr.INSTANCE_ID),
                Values.str(item, Attr.IMAGE_ID),
                imageGeneration == 0 ? null : imageGeneration,
                Values.str(item, Attr.PENDING_IMAGE_ID),
                (int) Values.num(item, Attr.PENDING_SNAPSHOTS, 0),
                Values.num(item, Attr.MAPPING_GENERATION, 0),
                machine,
                (int) Values.num(item, Attr.ATTEMPTS, 0),
                Attr.CLEANUP.equals(Values.str(item, Attr.ACTIVE_STATE)),
                failure,
                Values.str(item, Attr.SSH_USER));
    }

    static Map<String, AttributeValue> volumeItem(ProjectName project, long generation, VolumeMapping v) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.volume(project, generation, v.deviceName()));
        item.put(Attr.GENERATION, Values.n(generation));
        item.put(Attr.DEVICE_NAME, Values.s(v.deviceName()));
        item.put(Attr.VOLUME_ID, Values.s(v.volumeId()));
        item.put(Attr.VOLUME_TYPE, Values.s(v.volumeType()));
        item.put(Attr.SIZE_GIB, Values.n(v.sizeGiB()));
        if (v.iops() != null) {
            item.put(Attr.IOPS, Values.n(v.iops()));
        }
        if (v.throughput() != null) {
            item.put(Attr.THROUGHPUT, Values.n(v.throughput()));
        }
        item.put(Attr.ENCRYPTED, Values.bool(v.encrypted()));
        if (v.kmsKeyId() != null) {
            item.put(Attr.KMS_KEY_ID, Values.s(v.kmsKeyId()));
        }
        item.put(Attr.SNAPSHOT_STATE, Values.s(SnapshotState.NONE.name()));
        item.put(Attr.SNAPSHOT_ATTEMPTS, Values.n(0));
        return item;
    }

    static CycleVolume volume(Map<String, AttributeValue> item) {
        VolumeMapping mapping = new VolumeMapping(
                Values.str(item, Attr.DEVICE_NAME),
                Values.str(item, Attr.VOLUME_ID),
                Values.str(item, Attr.VOLUME_TYPE),
                (int) Values.num(item, Attr.SIZE_GIB, 0),
                Values.intOrNull(item, Attr.IOPS),
                Values.intOrNull(item, Attr.THROUGHPUT),
                Values.bool(item, Attr.ENCRYPTED),
                Values.str(item, Attr.KMS_KEY_ID));
        return new CycleVolume(mapping,
                Values.str(item, Attr.SNAPSHOT_ID),
                SnapshotState.valueOf(Values.str(item, Attr.SNAPSHOT_STATE)),
                (int) Values.num(item, Attr.SNAPSHOT_ATTEMPTS, 0));
    }

    static RetainedImage image(Map<String, AttributeValue> item) {
        AttributeValue ids = item.get(Attr.SNAPSHOT_IDS);
        return new RetainedImage(
                Values.num(item, Attr.GENERATION, 0),
                Values.str(item, Attr.IMAGE_ID),
                ids == null ? List.of() : ids.ss(),
                Values.instant(item, Attr.RECORDED_AT));
    }
}
