package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.MachineProfile;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.VolumeMapping;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Callers swallow {@link ConcurrentUpdateException} as "someone else got there": so only a lost
 * condition may become one. Throttling or a transaction conflict must surface as an error (the
 * handler's retry, the reconciler's error count), and a counter that keeps colliding gives up.
 * Such cancellations are hard to provoke on DynamoDB Local, hence a stubbed client.
 */
class CancellationTest {
    private static final CycleRef CYCLE = new CycleRef(ProjectName.of("web"), 2);
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    // The SDK's convenience overloads are default methods that build the request: keep them real.
    private final DynamoDbClient dynamo = mock(DynamoDbClient.class, CALLS_REAL_METHODS);
    private final CycleStore cycles = DynamoDbStores.cycleStore(dynamo, "t");
    private final ProjectStore projects = DynamoDbStores.projectStore(dynamo, "t");

    @Test
    void aCounterThatKeepsCollidingGivesUpAfterEightRounds() {
        snapshottingProject();
        cancelWith("None", "ConditionalCheckFailed");

        assertThrows(ConcurrentUpdateException.class, () -> cycles.completeSnapshot(CYCLE, "/dev/sda1", "snap-1", NOW));
        verify(dynamo, times(8)).transactWriteItems(any(TransactWriteItemsRequest.class));
    }

    @Test
    void aCompletionCancelledForAnotherReasonIsAnError() {
        snapshottingProject();
        TransactionCanceledException throttled = cancelWith("None", "ThrottlingError");

        assertSame(throttled, assertThrows(TransactionCanceledException.class,
                () -> cycles.completeSnapshot(CYCLE, "/dev/sda1", "snap-1", NOW)));
        verify(dynamo, times(1)).transactWriteItems(any(TransactWriteItemsRequest.class));
    }

    @Test
    void everyOtherTransactionalWriteRaisesANonConditionCancellationAsItIs() {
        TransactionCanceledException conflict = cancelWith("TransactionConflict", "None");
        MachineProfile machine = new MachineProfile("x86_64", "/dev/sda1", true, null);
        List<VolumeMapping> volumes = List.of(new VolumeMapping("/dev/sda1", "vol-1", "gp3", 8, null, null, false, null));

        assertSame(conflict, assertThrows(TransactionCanceledException.class,
                () -> cycles.recordMapping(CYCLE, machine, volumes, NOW)));
        assertSame(conflict, assertThrows(TransactionCanceledException.class,
                () -> cycles.recordAttachedVolumes(CYCLE, volumes)));
        assertSame(conflict, assertThrows(TransactionCanceledException.class,
                () -> cycles.recordSnapshot(CYCLE, "/dev/sda1", "snap-1")));
        assertSame(conflict, assertThrows(TransactionCanceledException.class,
                () -> cycles.recordPendingImage(CYCLE, "ami-1", NOW)));
        assertSame(conflict, assertThrows(TransactionCanceledException.class,
                () -> cycles.markReady(CYCLE, "ami-1", List.of("snap-1"), NOW)));
        assertSame(conflict, assertThrows(TransactionCanceledException.class,
                () -> projects.recordLaunched(CYCLE, "i-1", NOW)));
    }

    @Test
    void aLostConditionInAnyOfThemIsAConcurrentUpdate() {
        cancelWith("ConditionalCheckFailed", "None");

        assertThrows(ConcurrentUpdateException.class, () -> cycles.recordSnapshot(CYCLE, "/dev/sda1", "snap-1"));
        assertThrows(ConcurrentUpdateException.class, () -> cycles.recordPendingImage(CYCLE, "ami-1", NOW));
        assertThrows(ConcurrentUpdateException.class, () -> cycles.markReady(CYCLE, "ami-1", List.of(), NOW));
        assertThrows(ConcurrentUpdateException.class, () -> projects.recordLaunched(CYCLE, "i-1", NOW));
    }

    private void snapshottingProject() {
        Map<String, AttributeValue> item = Map.of(
                Attr.NAME, Values.s("web"), Attr.STATE, Values.s(ProjectState.SNAPSHOTTING.name()),
                Attr.GENERATION, Values.n(2), Attr.STATE_SINCE, Values.time(NOW), Attr.PENDING_SNAPSHOTS, Values.n(2),
                Attr.MAPPING_GENERATION, Values.n(2));
        doReturn(GetItemResponse.builder().item(item).build()).when(dynamo).getItem(any(GetItemRequest.class));
    }

    private TransactionCanceledException cancelWith(String... codes) {
        TransactionCanceledException e = TransactionCanceledException.builder().message("cancelled")
                .cancellationReasons(Arrays.stream(codes).map(c -> CancellationReason.builder().code(c).build()).toList())
                .build();
        doThrow(e).when(dynamo).transactWriteItems(any(TransactWriteItemsRequest.class));
        return e;
    }
}
