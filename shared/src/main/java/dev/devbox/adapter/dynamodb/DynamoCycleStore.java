package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.domain.SessionEnding;
import dev.devbox.domain.SnapshotState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.CycleStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** {@link CycleStore} on the single devbox table (docs/data-model.md). */
final class DynamoCycleStore implements CycleStore {
    /** Optimistic retries when concurrent completions of the same cycle collide on the counter. */
    private static final int COMPLETION_ROUNDS = 8;
    /** How long lookups of a finished cycle stay around to recognise late events. */
    private static final Duration LOOKUP_RETENTION = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;

    DynamoCycleStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<CycleRef> cycleOfInstance(String instanceId) {
        return lookup(Keys.instanceLookup(instanceId)).map(DynamoCycleStore::cycleOf);
    }

    @Override
    public Optional<SnapshotOwner> cycleOfSnapshot(String snapshotId) {
        return lookup(Keys.snapshotLookup(snapshotId))
                .map(item -> new SnapshotOwner(cycleOf(item), Values.str(item, Attr.DEVICE_NAME)));
    }

    @Override
    public Optional<CycleRef> cycleOfImage(String imageId) {
        return lookup(Keys.imageLookup(imageId)).map(DynamoCycleStore::cycleOf);
    }

    @Override
    public boolean recordTerminateAsked(CycleRef cycle, Instant at) {
        Update update = new Update(table, Keys.project(cycle.project()))
                .set(Attr.TERMINATE_ASKED_GENERATION, Values.n(cycle.generation()))
                .set(Attr.TERMINATE_ASKED_AT, Values.time(at))
                .when("#state = :running AND #generation = :generation",
                        Map.of(":running", Values.s(ProjectState.RUNNING.name()),
                                ":generation", Values.n(cycle.generation())),
                        Attr.STATE, Attr.GENERATION);
        return conditionally(update);
    }

    @Override
    public boolean recordEnded(CycleRef cycle, String stateReasonCode, Instant endedAt) {
        // Only these attributes: the lifecycle's own (state, generation, counters) are left to its transitions.
        Update update = new Update(table, Keys.project(cycle.project()))
                .set(Attr.ENDED_GENERATION, Values.n(cycle.generation()))
                .set(Attr.ENDED_AT, Values.time(endedAt))
                .setIfPresent(Attr.ENDED_REASON, stateReasonCode == null ? null : Values.s(stateReasonCode))
                .when("#generation = :generation"
                                + " AND (attribute_not_exists(#endedGeneration) OR #endedGeneration < :generation)",
                        Map.of(":generation", Values.n(cycle.generation())),
                        Attr.GENERATION, Attr.ENDED_GENERATION);
        if (stateReasonCode == null) {
            update.remove(Attr.ENDED_REASON);
        }
        return conditionally(update);
    }

    @Override
    public Optional<SessionEnding> lastEnding(ProjectName project) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Keys.project(project))
                .projectionExpression(String.join(", ", Attr.ENDED_GENERATION, Attr.ENDED_REASON, Attr.ENDED_AT,
                        Attr.TERMINATE_ASKED_GENERATION, Attr.TERMINATE_ASKED_AT))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return SessionEnding.combine(longOrNull(item, Attr.ENDED_GENERATION), Values.str(item, Attr.ENDED_REASON),
                Values.instant(item, Attr.ENDED_AT), longOrNull(item, Attr.TERMINATE_ASKED_GENERATION),
                Values.instant(item, Attr.TERMINATE_ASKED_AT));
    }

    private static Long longOrNull(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Values.num(item, name, 0) : null;
    }

    private boolean conditionally(Update update) {
        try {
            dynamo.updateItem(update.request(ReturnValue.NONE));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean recordMapping(CycleRef cycle, MachineProfile machine, List<VolumeMapping> volumes, Instant now) {
        Update project = new Update(table, Keys.project(cycle.project()))
                .set(Attr.MAPPING_GENERATION, Values.n(cycle.generation()))
                .set(Attr.ARCHITECTURE, Values.s(machine.architecture()))
                .set(Attr.ROOT_DEVICE_NAME, Values.s(machine.rootDeviceName()))
                .set(Attr.ENA_SUPPORT, Values.bool(machine.enaSupport()))
                .setIfPresent(Attr.BOOT_MODE, machine.bootMode() == null ? null : Values.s(machine.bootMode()))
                .set(Attr.UPDATED_AT, Values.time(now))
                .when("#state = :running AND #generation = :generation"
                                + " AND (attribute_not_exists(#mappingGeneration) OR #mappingGeneration <> :generation)",
                        Map.of(":running", Values.s(ProjectState.RUNNING.name()),
                                ":generation", Values.n(cycle.generation())),
                        Attr.STATE, Attr.GENERATION, Attr.MAPPING_GENERATION);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(project.transactional()).build());
        for (VolumeMapping volume : volumes) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(ItemMapper.volumeItem(cycle.project(), cycle.generation(), volume))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Attr.PK))
                    .build()).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return true;
        } catch (TransactionCanceledException cancelled) {
            if (Transitions.conditionFailed(cancelled)) {
                return false;
            }
            throw cancelled;
        }
    }

    @Override
    public boolean recordAttachedVolumes(CycleRef cycle, List<VolumeMapping> volumes) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(Keys.project(cycle.project()))
                .conditionExpression("#state = :running AND #generation = :generation AND #mappingGeneration = :generation")
                .expressionAttributeNames(Map.of("#state", Attr.STATE, "#generation", Attr.GENERATION,
                        "#mappingGeneration", Attr.MAPPING_GENERATION))
                .expressionAttributeValues(Map.of(":running", Values.s(ProjectState.RUNNING.name()),
                        ":generation", Values.n(cycle.generation())))
                .build()).build());
        for (VolumeMapping volume : volumes) {
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(ItemMapper.volumeItem(cycle.project(), cycle.generation(), volume))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Attr.PK))
                    .build()).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return true;
        } catch (TransactionCanceledException cancelled) {
            if (Transitions.conditionFailed(cancelled)) {
                return false;
            }
            throw cancelled;
        }
    }

    @Override
    public List<CycleVolume> volumes(CycleRef cycle) {
        List<CycleVolume> volumes = new ArrayList<>();
        children(cycle.project(), Keys.generationPrefix(cycle.generation()))
                .forEach(item -> volumes.add(ItemMapper.volume(item)));
        return volumes;
    }

    @Override
    public List<GenerationVolume> remainingVolumes(ProjectName project) {
        List<GenerationVolume> volumes = new ArrayList<>();
        children(project, "G#").forEach(item -> volumes.add(
                new GenerationVolume(Values.num(item, Attr.GENERATION, 0), ItemMapper.volume(item))));
        return volumes;
    }

    @Override
    public void beginSnapshotting(CycleRef cycle, int pendingSnapshots, Instant now) {
        Update update = new Update(table, Keys.project(cycle.project()))
                .set(Attr.STATE, Values.s(ProjectState.SNAPSHOTTING.name()))
                .set(Attr.ACTIVE_STATE, Values.s(ProjectState.SNAPSHOTTING.name()))
                .set(Attr.STATE_SINCE, Values.time(now))
                .set(Attr.UPDATED_AT, Values.time(now))
                .set(Attr.PENDING_SNAPSHOTS, Values.n(pendingSnapshots))
                .set(Attr.ATTEMPTS, Values.n(0))
                .when("#state = :running AND #generation = :generation AND #mappingGeneration = :generation",
                        Map.of(":running", Values.s(ProjectState.RUNNING.name()),
                                ":generation", Values.n(cycle.generation())),
                        Attr.STATE, Attr.GENERATION, Attr.MAPPING_GENERATION);
        try {
            dynamo.updateItem(update.request(ReturnValue.NONE));
        } catch (ConditionalCheckFailedException moved) {
            throw new ConcurrentUpdateException(cycle + " is not RUNNING with its mapping recorded", moved);
        }
    }

    @Override
    public void recordSnapshot(CycleRef cycle, String deviceName, String snapshotId) {
        Update volume = new Update(table, Keys.volume(cycle.project(), cycle.generation(), deviceName))
                .set(Attr.SNAPSHOT_ID, Values.s(snapshotId))
                .set(Attr.SNAPSHOT_STATE, Values.s(SnapshotState.PENDING.name()))
                .when("#snapshotState = :none", Map.of(":none", Values.s(SnapshotState.NONE.name())),
                        Attr.SNAPSHOT_STATE);
        Map<String, AttributeValue> lookup = new HashMap<>(Keys.snapshotLookup(snapshotId));
        lookup.put(Attr.PROJECT, Values.s(cycle.project().value()));
        lookup.put(Attr.GENERATION, Values.n(cycle.generation()));
        lookup.put(Attr.DEVICE_NAME, Values.s(deviceName));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(volume.transactional()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(lookup).build()).build()));
        } catch (TransactionCanceledException cancelled) {
            if (Transitions.conditionFailed(cancelled)) {
                throw new ConcurrentUpdateException(cycle + " " + deviceName + " already has a snapshot", cancelled);
            }
            throw cancelled;
        }
    }

    @Override
    public SnapshotCompletion completeSnapshot(CycleRef cycle, String deviceName, String snapshotId, Instant now) {
        for (int round = 0; round < COMPLETION_ROUNDS; round++) {
            Project project = project(cycle.project()).orElse(null);
            if (project == null || project.generation() != cycle.generation()
                    || project.state() != ProjectState.SNAPSHOTTING) {
                return SnapshotCompletion.NOT_SNAPSHOTTING;
            }
            int pending = project.pendingSnapshots();
            boolean last = pending <= 1;
            Update volume = new Update(table, Keys.volume(cycle.project(), cycle.generation(), deviceName))
                    .set(Attr.SNAPSHOT_STATE, Values.s(SnapshotState.COMPLETED.name()))
                    .when("#snapshotId = :snapshotId AND #snapshotState = :pending",
                            Map.of(":snapshotId", Values.s(snapshotId),
                                    ":pending", Values.s(SnapshotState.PENDING.name())),
                            Attr.SNAPSHOT_ID, Attr.SNAPSHOT_STATE);
            Update counter = new Update(table, Keys.project(cycle.project()))
                    .set(Attr.PENDING_SNAPSHOTS, Values.n(Math.max(0, pending - 1)))
                    .set(Attr.UPDATED_AT, Values.time(now))
                    .when("#state = :snapshotting AND #generation = :generation AND #pendingSnapshots = :pendingCount",
                            Map.of(":snapshotting", Values.s(ProjectState.SNAPSHOTTING.name()),
                                    ":generation", Values.n(cycle.generation()),
                                    ":pendingCount", Values.n(pending)),
                            Attr.STATE, Attr.GENERATION, Attr.PENDING_SNAPSHOTS);
            if (last) {
                // The same write that counts the last completion moves the cycle on: exactly one caller sees LAST.
                counter.set(Attr.STATE, Values.s(ProjectState.IMAGING.name()))
                        .set(Attr.ACTIVE_STATE, Values.s(ProjectState.IMAGING.name()))
                        .set(Attr.STATE_SINCE, Values.time(now))
                        .set(Attr.ATTEMPTS, Values.n(0));
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().update(volume.transactional()).build(),
                        TransactWriteItem.builder().update(counter.transactional()).build()));
                return last ? SnapshotCompletion.LAST : SnapshotCompletion.COUNTED;
            } catch (TransactionCanceledException cancelled) {
                if (Transitions.conditionFailedAt(cancelled, 0)) {
                    return SnapshotCompletion.ALREADY_COUNTED;
                }
                if (!Transitions.conditionFailedAt(cancelled, 1)) {
                    throw cancelled;
                }
                // Another completion of this cycle changed the counter first: read it again.
            }
        }
        throw new ConcurrentUpdateException("snapshot completions of " + cycle + " kept colliding", null);
    }

    @Override
    public OptionalInt snapshotFailed(CycleRef cycle, String deviceName, String snapshotId) {
        Update volume = new Update(table, Keys.volume(cycle.project(), cycle.generation(), deviceName))
                .set(Attr.SNAPSHOT_STATE, Values.s(SnapshotState.NONE.name()))
                .remove(Attr.SNAPSHOT_ID)
                .add(Attr.SNAPSHOT_ATTEMPTS, 1)
                .when("#snapshotId = :snapshotId AND #snapshotState = :pending",
                        Map.of(":snapshotId", Values.s(snapshotId),
                                ":pending", Values.s(SnapshotState.PENDING.name())),
                        Attr.SNAPSHOT_ID, Attr.SNAPSHOT_STATE);
        try {
            return OptionalInt.of((int) Values.num(
                    dynamo.updateItem(volume.request(ReturnValue.UPDATED_NEW)).attributes(), Attr.SNAPSHOT_ATTEMPTS, 0));
        } catch (ConditionalCheckFailedException alreadyHandled) {
            return OptionalInt.empty();
        }
    }

    @Override
    public void recordPendingImage(CycleRef cycle, String imageId, Instant now) {
        Update project = new Update(table, Keys.project(cycle.project()))
                .set(Attr.PENDING_IMAGE_ID, Values.s(imageId))
                .set(Attr.UPDATED_AT, Values.time(now))
                .when("#state = :imaging AND #generation = :generation"
                                + " AND (attribute_not_exists(#pendingImageId) OR #pendingImageId = :imageId)",
                        Map.of(":imaging", Values.s(ProjectState.IMAGING.name()),
                                ":generation", Values.n(cycle.generation()),
                                ":imageId", Values.s(imageId)),
                        Attr.STATE, Attr.GENERATION, Attr.PENDING_IMAGE_ID);
        Map<String, AttributeValue> lookup = new HashMap<>(Keys.imageLookup(imageId));
        lookup.put(Attr.PROJECT, Values.s(cycle.project().value()));
        lookup.put(Attr.GENERATION, Values.n(cycle.generation()));
        transact(cycle, "record image",
                TransactWriteItem.builder().update(project.transactional()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(lookup).build()).build());
    }

    @Override
    public void markReady(CycleRef cycle, String imageId, List<String> snapshotIds, Instant now) {
        Update project = new Update(table, Keys.project(cycle.project()))
                .set(Attr.STATE, Values.s(ProjectState.READY.name()))
                .set(Attr.ACTIVE_STATE, Values.s(Attr.CLEANUP))
                .set(Attr.STATE_SINCE, Values.time(now))
                .set(Attr.UPDATED_AT, Values.time(now))
                .set(Attr.IMAGE_ID, Values.s(imageId))
                .set(Attr.IMAGE_GENERATION, Values.n(cycle.generation()))
                .set(Attr.ATTEMPTS, Values.n(0))
                .remove(Attr.PENDING_IMAGE_ID)
                .when("#state = :imaging AND #generation = :generation AND #pendingImageId = :imageId",
                        Map.of(":imaging", Values.s(ProjectState.IMAGING.name()),
                                ":generation", Values.n(cycle.generation()),
                                ":imageId", Values.s(imageId)),
                        Attr.STATE, Attr.GENERATION, Attr.PENDING_IMAGE_ID);
        Map<String, AttributeValue> image = new HashMap<>(Keys.image(cycle.project(), cycle.generation()));
        image.put(Attr.GENERATION, Values.n(cycle.generation()));
        image.put(Attr.IMAGE_ID, Values.s(imageId));
        if (!snapshotIds.isEmpty()) {
            image.put(Attr.SNAPSHOT_IDS, Values.ss(snapshotIds));
        }
        image.put(Attr.RECORDED_AT, Values.time(now));
        transact(cycle, "mark ready",
                TransactWriteItem.builder().update(project.transactional()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(image).build()).build());
    }

    @Override
    public List<RetainedImage> retainedImages(ProjectName project) {
        List<RetainedImage> images = new ArrayList<>();
        children(project, "AMI#").forEach(item -> images.add(ItemMapper.image(item)));
        return images;
    }

    @Override
    public void forgetImage(ProjectName project, RetainedImage image) {
        dynamo.transactWriteItems(b -> b.transactItems(
                delete(Keys.image(project, image.generation())),
                delete(Keys.imageLookup(image.imageId()))));
    }

    @Override
    public void forgetVolume(ProjectName project, long generation, String deviceName, Instant now) {
        Map<String, AttributeValue> key = Keys.volume(project, generation, deviceName);
        Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table).key(key)
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        String snapshotId = old == null ? null : Values.str(old, Attr.SNAPSHOT_ID);
        if (snapshotId != null) {
            expireLookup(Keys.snapshotLookup(snapshotId), now);
        }
    }

    @Override
    public void finishCleanup(CycleRef cycle, Instant now) {
        Map<String, AttributeValue> old;
        try {
            old = dynamo.updateItem(new Update(table, Keys.project(cycle.project()))
                    .remove(Attr.ACTIVE_STATE)
                    .set(Attr.UPDATED_AT, Values.time(now))
                    .when("#state = :ready AND #generation = :generation AND #activeState = :cleanup",
                            Map.of(":ready", Values.s(ProjectState.READY.name()),
                                    ":generation", Values.n(cycle.generation()),
                                    ":cleanup", Values.s(Attr.CLEANUP)),
                            Attr.STATE, Attr.GENERATION, Attr.ACTIVE_STATE)
                    .request(ReturnValue.ALL_OLD)).attributes();
        } catch (ConditionalCheckFailedException alreadyDoneOrRelaunched) {
            return;
        }
        String instanceId = Values.str(old, Attr.INSTANCE_ID);
        if (instanceId != null) {
            expireLookup(Keys.instanceLookup(instanceId), now);
        }
    }

    private void expireLookup(Map<String, AttributeValue> key, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET #expiresAt = :expiresAt")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#expiresAt", Attr.EXPIRES_AT, "#pk", Attr.PK))
                    .expressionAttributeValues(Map.of(":expiresAt",
                            Values.n(now.plus(LOOKUP_RETENTION).getEpochSecond()))));
        } catch (ConditionalCheckFailedException gone) {
            // Nothing to expire.
        }
    }

    private Optional<Project> project(ProjectName name) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Keys.project(name)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ItemMapper.project(item));
    }

    private Optional<Map<String, AttributeValue>> lookup(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static CycleRef cycleOf(Map<String, AttributeValue> lookup) {
        return new CycleRef(new ProjectName(Values.str(lookup, Attr.PROJECT)), Values.num(lookup, Attr.GENERATION, 0));
    }

    private Iterable<Map<String, AttributeValue>> children(ProjectName project, String skPrefix) {
        return dynamo.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", Attr.PK, "#sk", Attr.SK))
                .expressionAttributeValues(Map.of(":pk", Values.s(Keys.childPk(project)), ":prefix", Values.s(skPrefix)))
                .build()).items();
    }

    private TransactWriteItem delete(Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key).build()).build();
    }

    private void transact(CycleRef cycle, String what, TransactWriteItem... items) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException cancelled) {
            if (Transitions.conditionFailed(cancelled)) {
                throw new ConcurrentUpdateException(what + ": " + cycle + " was not in the expected state", cancelled);
            }
            throw cancelled;
        }
    }
}
