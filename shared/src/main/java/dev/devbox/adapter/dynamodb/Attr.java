package dev.devbox.adapter.dynamodb;

/** Attribute names of the table (docs/data-model.md). */
final class Attr {
    static final String PK = "pk";
    /** On an owner's ticket item: how many claims were made for the owner. */
    static final String TICKET = "ticket";
    static final String SK = "sk";
    static final String ACTIVE_STATE = "activeState";
    static final String STATE_SINCE = "stateSince";
    static final String EXPIRES_AT = "expiresAt";

    static final String NAME = "name";
    static final String STATE = "state";
    static final String GENERATION = "generation";
    static final String OWNER = "owner";
    static final String INSTANCE_ID = "instanceId";
    static final String IMAGE_ID = "imageId";
    static final String IMAGE_GENERATION = "imageGeneration";
    static final String PENDING_IMAGE_ID = "pendingImageId";
    static final String PENDING_SNAPSHOTS = "pendingSnapshots";
    static final String MAPPING_GENERATION = "mappingGeneration";
    static final String ARCHITECTURE = "architecture";
    static final String ROOT_DEVICE_NAME = "rootDeviceName";
    static final String ENA_SUPPORT = "enaSupport";
    static final String BOOT_MODE = "bootMode";
    static final String ATTEMPTS = "attempts";
    static final String FAILURE_STAGE = "failureStage";
    static final String FAILURE_REASON = "failureReason";
    static final String UPDATED_AT = "updatedAt";
    static final String SSH_USER = "sshUser";
    /** How the last box ended (docs/data-model.md): the pipeline's record, and the control plane's terminate. */
    static final String ENDED_GENERATION = "endedGeneration";
    static final String ENDED_REASON = "endedReason";
    static final String ENDED_AT = "endedAt";
    static final String TERMINATE_ASKED_GENERATION = "terminateAskedGeneration";
    static final String TERMINATE_ASKED_AT = "terminateAskedAt";

    static final String PROJECT = "project";
    static final String DEVICE_NAME = "deviceName";
    static final String VOLUME_ID = "volumeId";
    static final String VOLUME_TYPE = "volumeType";
    static final String SIZE_GIB = "sizeGiB";
    static final String IOPS = "iops";
    static final String THROUGHPUT = "throughput";
    static final String ENCRYPTED = "encrypted";
    static final String KMS_KEY_ID = "kmsKeyId";
    static final String SNAPSHOT_ID = "snapshotId";
    static final String SNAPSHOT_STATE = "snapshotState";
    static final String SNAPSHOT_ATTEMPTS = "snapshotAttempts";
    static final String SNAPSHOT_IDS = "snapshotIds";
    static final String RECORDED_AT = "recordedAt";

    /** activeState of a READY project whose cleanup is still owed. */
    static final String CLEANUP = "CLEANUP";

    private Attr() {
    }
}
