package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.domain.Lifecycle;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectBusyException;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.policy.ForeignProjectException;
import dev.devbox.domain.policy.Principals;
import dev.devbox.port.ProjectStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ProjectStore} on the single devbox table; every transition is a conditional write. */
final class DynamoProjectStore implements ProjectStore {
    private static final List<String> ACTIVE_MARKERS = List.of(
            ProjectState.LAUNCHING.name(), ProjectState.RUNNING.name(), ProjectState.SNAPSHOTTING.name(),
            ProjectState.IMAGING.name(), Attr.CLEANUP);

    private final DynamoDbClient dynamo;
    private final String table;

    DynamoProjectStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Project> find(ProjectName name) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Keys.project(name)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ItemMapper.project(item));
    }

    @Override
    public List<Project> list() {
        List<Project> projects = new ArrayList<>();
        // Strongly consistent: a launch counts the owner's boxes from it, right after reading their ticket.
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", Attr.PK))
                        .expressionAttributeValues(Map.of(":pk", Values.s(Keys.PROJECTS_PK)))
                        .build())
                .items().forEach(item -> projects.add(ItemMapper.project(item)));
        return projects;
    }

    @Override
    public Project claimLaunch(ProjectName name, String owner, Instant now) {
        Update update = claimUpdate(name, owner, now);
        try {
            return ItemMapper.project(dynamo.updateItem(update.request(ReturnValue.ALL_NEW)).attributes());
        } catch (ConditionalCheckFailedException lost) {
            // A concurrent launch claimed it between our read and write: exactly one wins.
            throw new ProjectBusyException(name, find(name).map(Project::state).orElse(ProjectState.LAUNCHING));
        }
    }

    @Override
    public long launchTicket(String owner) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Keys.owner(owner))
                .consistentRead(true)).item();
        return item == null || !item.containsKey(Attr.TICKET) ? 0 : Long.parseLong(item.get(Attr.TICKET).n());
    }

    @Override
    public Project claimLaunch(ProjectName name, String owner, Instant now, long ticket) {
        return claimLaunch(name, owner, now, ticket, null);
    }

    @Override
    public Project claimLaunch(ProjectName name, String owner, Instant now, long ticket, String sshUser) {
        Update project = claimUpdate(name, owner, now);
        if (sshUser != null) {
            project.set(Attr.SSH_USER, Values.s(sshUser));
        }
        Update next = new Update(table, Keys.owner(owner)).set(Attr.TICKET, Values.n(ticket + 1));
        if (ticket == 0) {
            next.when("attribute_not_exists(#pk)", Map.of(), Attr.PK);
        } else {
            next.when("#ticket = :ticket", Map.of(":ticket", Values.n(ticket)), Attr.TICKET);
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(project.transactional()).build(),
                    TransactWriteItem.builder().update(next.transactional()).build()));
        } catch (TransactionCanceledException cancelled) {
            if (Transitions.conditionFailedAt(cancelled, 0)) {
                throw new ProjectBusyException(name, find(name).map(Project::state).orElse(ProjectState.LAUNCHING));
            }
            if (Transitions.conditionFailedAt(cancelled, 1)) {
                throw new ConcurrentUpdateException("another launch for " + Principals.name(owner) + " was claimed"
                        + " at the same moment", cancelled);
            }
            throw cancelled;
        }
        return find(name).orElseThrow(() -> new IllegalStateException("claimed project " + name + " vanished"));
    }

    /** The claim's write, conditional on the project as read now (its state, generation and owner). */
    private Update claimUpdate(ProjectName name, String owner, Instant now) {
        Project current = find(name).orElse(null);
        if (owner != null && current != null && current.owner() != null && !owner.equals(current.owner())) {
            throw new ForeignProjectException("Project '" + name + "' belongs to " + Principals.name(current.owner())
                    + ": a launch never changes a project's owner.");
        }
        long next = Lifecycle.nextGeneration(current);
        Update update = new Update(table, Keys.project(name))
                .set(Attr.NAME, Values.s(name.value()))
                .set(Attr.STATE, Values.s(ProjectState.LAUNCHING.name()))
                .set(Attr.GENERATION, Values.n(next))
                .set(Attr.STATE_SINCE, Values.time(now))
                .set(Attr.ACTIVE_STATE, Values.s(ProjectState.LAUNCHING.name()))
                .set(Attr.UPDATED_AT, Values.time(now))
                .set(Attr.ATTEMPTS, Values.n(0))
                .set(Attr.PENDING_SNAPSHOTS, Values.n(0))
                .setIfPresent(Attr.OWNER, owner == null ? null : Values.s(owner))
                .remove(Attr.INSTANCE_ID).remove(Attr.PENDING_IMAGE_ID)
                .remove(Attr.FAILURE_STAGE).remove(Attr.FAILURE_REASON);
        if (current == null) {
            update.when("attribute_not_exists(#pk)", Map.of(), Attr.PK);
        } else if (owner == null || current.owner() == null) {
            update.when("#state = :expectedState AND #generation = :expectedGeneration",
                    Map.of(":expectedState", Values.s(current.state().name()),
                            ":expectedGeneration", Values.n(current.generation())),
                    Attr.STATE, Attr.GENERATION);
        } else {
            // the owner read above is still the owner: a claim never takes a project from its owner
            update.when("#state = :expectedState AND #generation = :expectedGeneration AND #owner = :expectedOwner",
                    Map.of(":expectedState", Values.s(current.state().name()),
                            ":expectedGeneration", Values.n(current.generation()),
                            ":expectedOwner", Values.s(current.owner())),
                    Attr.STATE, Attr.GENERATION, Attr.OWNER);
        }
        return update;
    }

    @Override
    public void recordLaunched(CycleRef cycle, String instanceId, Instant now) {
        Update project = Transitions.expect(new Update(table, Keys.project(cycle.project())), cycle, ProjectState.LAUNCHING)
                .set(Attr.STATE, Values.s(ProjectState.RUNNING.name()))
                .set(Attr.ACTIVE_STATE, Values.s(ProjectState.RUNNING.name()))
                .set(Attr.STATE_SINCE, Values.time(now))
                .set(Attr.UPDATED_AT, Values.time(now))
                .set(Attr.INSTANCE_ID, Values.s(instanceId));
        Map<String, AttributeValue> lookup = new HashMap<>(Keys.instanceLookup(instanceId));
        lookup.put(Attr.PROJECT, Values.s(cycle.project().value()));
        lookup.put(Attr.GENERATION, Values.n(cycle.generation()));
        transact(cycle, "record launch",
                TransactWriteItem.builder().update(project.transactional()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(lookup).build()).build());
    }

    @Override
    public void markFailed(CycleRef cycle, ProjectState expected, Failure failure, Instant now) {
        Lifecycle.require(expected, ProjectState.FAILED);
        Update update = Transitions.expect(new Update(table, Keys.project(cycle.project())), cycle, expected)
                .set(Attr.STATE, Values.s(ProjectState.FAILED.name()))
                .set(Attr.STATE_SINCE, Values.time(now))
                .set(Attr.UPDATED_AT, Values.time(now))
                .set(Attr.FAILURE_STAGE, Values.s(failure.stage().name()))
                .set(Attr.FAILURE_REASON, Values.s(failure.reason()))
                .remove(Attr.ACTIVE_STATE);
        update(cycle, "mark failed", update);
    }

    @Override
    public void delete(ProjectName name) {
        Project project = find(name).orElse(null);
        if (project == null) {
            return;
        }
        if (project.state().inFlight()) {
            throw new ProjectBusyException(name, project.state());
        }
        // Children first: a crash midway leaves the project item, so delete can simply be run again.
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", Attr.PK))
                        .expressionAttributeValues(Map.of(":pk", Values.s(Keys.childPk(name))))
                        .build())
                .items().forEach(item -> {
                    String snapshotId = Values.str(item, Attr.SNAPSHOT_ID);
                    if (snapshotId != null) {
                        deleteKey(Keys.snapshotLookup(snapshotId));
                    }
                    String imageId = Values.str(item, Attr.IMAGE_ID);
                    if (imageId != null) {
                        deleteKey(Keys.imageLookup(imageId));
                    }
                    deleteKey(Keys.key(Values.str(item, Attr.PK), Values.str(item, Attr.SK)));
                });
        project.instance().ifPresent(id -> deleteKey(Keys.instanceLookup(id)));
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Keys.project(name))
                    .conditionExpression("#generation = :generation AND #state = :state")
                    .expressionAttributeNames(Map.of("#generation", Attr.GENERATION, "#state", Attr.STATE))
                    .expressionAttributeValues(Map.of(":generation", Values.n(project.generation()),
                            ":state", Values.s(project.state().name()))));
        } catch (ConditionalCheckFailedException relaunched) {
            throw new ProjectBusyException(name, find(name).map(Project::state).orElse(project.state()));
        }
    }

    @Override
    public List<Project> inFlightSince(Instant enteredBefore, int pageSize) {
        // Every stuck project of every state, read page by page: none is left for "the next run" to starve.
        List<Project> stuck = new ArrayList<>();
        for (String marker : ACTIVE_MARKERS) {
            QueryRequest query = QueryRequest.builder().tableName(table).indexName(TableSchema.ACTIVE_INDEX)
                    .keyConditionExpression("#active = :active AND #since < :before")
                    .expressionAttributeNames(Map.of("#active", Attr.ACTIVE_STATE, "#since", Attr.STATE_SINCE))
                    .expressionAttributeValues(Map.of(":active", Values.s(marker), ":before", Values.time(enteredBefore)))
                    .limit(pageSize)
                    .build();
            dynamo.queryPaginator(query).items().forEach(item -> stuck.add(ItemMapper.project(item)));
        }
        return stuck;
    }

    @Override
    public int recordAttempt(CycleRef cycle, ProjectState expected, Instant now) {
        Update update = Transitions.expect(new Update(table, Keys.project(cycle.project())), cycle, expected)
                .set(Attr.UPDATED_AT, Values.time(now))
                .add(Attr.ATTEMPTS, 1);
        try {
            return (int) Values.num(dynamo.updateItem(update.request(ReturnValue.UPDATED_NEW)).attributes(), Attr.ATTEMPTS, 0);
        } catch (ConditionalCheckFailedException moved) {
            throw new ConcurrentUpdateException(cycle + " is no longer " + expected, moved);
        }
    }

    private void update(CycleRef cycle, String what, Update update) {
        try {
            dynamo.updateItem(update.request(ReturnValue.NONE));
        } catch (ConditionalCheckFailedException moved) {
            throw new ConcurrentUpdateException(what + ": " + cycle + " was not in the expected state", moved);
        }
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

    private void deleteKey(Map<String, AttributeValue> key) {
        dynamo.deleteItem(b -> b.tableName(table).key(key));
    }
}
