package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.CycleVolume;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.SnapshotState;
import dev.devbox.domain.VolumeMapping;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter's pure parts: update expressions, cancellation reasons, keys, item mapping. */
class ItemPartsTest {
    private static final Map<String, AttributeValue> KEY = Keys.project(ProjectName.of("web"));

    @Test
    void anUpdateAliasesEveryNameAndJoinsItsClausesInOrder() {
        UpdateItemRequest r = new Update("t", KEY).set("state", Values.s("READY")).set("name", Values.s("web"))
                .remove("pendingImageId").add("attempts", 1)
                .when("#state = :s", Map.of(":s", Values.s("IMAGING")), "state")
                .request(ReturnValue.ALL_NEW);

        assertEquals("SET #state = :set_state, #name = :set_name REMOVE #pendingImageId ADD #attempts :add_attempts",
                r.updateExpression());
        assertEquals("#state = :s", r.conditionExpression());
        assertEquals(Map.of("#state", "state", "#name", "name", "#pendingImageId", "pendingImageId",
                "#attempts", "attempts"), r.expressionAttributeNames());
        assertEquals(Map.of(":set_state", Values.s("READY"), ":set_name", Values.s("web"), ":add_attempts", Values.n(1),
                ":s", Values.s("IMAGING")), r.expressionAttributeValues());
        assertEquals(ReturnValue.ALL_NEW, r.returnValues());
        assertEquals("t", r.tableName());
        assertEquals(KEY, r.key());
    }

    @Test
    void clausesThatAreAbsentLeaveNoKeyword() {
        assertEquals("REMOVE #activeState", new Update("t", KEY).remove("activeState").request(ReturnValue.NONE)
                .updateExpression());
        assertEquals("ADD #attempts :add_attempts", new Update("t", KEY).add("attempts", 1).transactional()
                .updateExpression());
        UpdateItemRequest onlyRemove = new Update("t", KEY).remove("x").request(ReturnValue.NONE);
        assertFalse(onlyRemove.hasExpressionAttributeValues(), "no values at all: none sent (DynamoDB refuses an empty map)");
        assertEquals("SET #owner = :set_owner", new Update("t", KEY).setIfPresent("owner", Values.s("me"))
                .setIfPresent("bootMode", null).request(ReturnValue.NONE).updateExpression());
    }

    @Test
    void theTransactionalTwinCarriesTheSameWrite() {
        Update u = Transitions.expect(new Update("t", KEY).set("state", Values.s("RUNNING")),
                new CycleRef(ProjectName.of("web"), 4), ProjectState.LAUNCHING);
        software.amazon.awssdk.services.dynamodb.model.Update t = u.transactional();
        UpdateItemRequest r = u.request(ReturnValue.NONE);

        assertEquals(r.updateExpression(), t.updateExpression());
        assertEquals("#state = :expectedState AND #generation = :expectedGeneration", t.conditionExpression());
        assertEquals(Values.s("LAUNCHING"), t.expressionAttributeValues().get(":expectedState"));
        assertEquals(Values.n(4), t.expressionAttributeValues().get(":expectedGeneration"));
        assertEquals("generation", t.expressionAttributeNames().get("#generation"));
        assertEquals(KEY, t.key());
        assertEquals("t", t.tableName());
    }

    @Test
    void aCancelledTransactionIsAConditionFailureOnlyWhereItsReasonSaysSo() {
        TransactionCanceledException second = cancelled("None", "ConditionalCheckFailed");
        assertTrue(Transitions.conditionFailed(second));
        assertFalse(Transitions.conditionFailedAt(second, 0));
        assertTrue(Transitions.conditionFailedAt(second, 1));
        assertFalse(Transitions.conditionFailedAt(second, 2), "past the last reason");

        TransactionCanceledException conflict = cancelled("TransactionConflict", "None");
        assertFalse(Transitions.conditionFailed(conflict));
        assertFalse(Transitions.conditionFailedAt(conflict, 0));
        TransactionCanceledException noReasons = TransactionCanceledException.builder().message("x").build();
        assertFalse(Transitions.conditionFailed(noReasons));
        assertFalse(Transitions.conditionFailedAt(noReasons, 0));
    }

    @Test
    void generationsArePaddedSoCyclesSortNumerically() {
        assertEquals("G#0000000009#V#", Keys.generationPrefix(9));
        assertTrue(Keys.generationPrefix(9).compareTo(Keys.generationPrefix(10)) < 0);
        assertEquals(Values.s("AMI#0000000012"), Keys.image(ProjectName.of("web"), 12).get(Attr.SK));
        assertEquals(Values.s("PROJECT#web"), Keys.volume(ProjectName.of("web"), 1, "/dev/sda1").get(Attr.PK));
        assertEquals(Values.s("G#0000000001#V#/dev/sda1"), Keys.volume(ProjectName.of("web"), 1, "/dev/sda1").get(Attr.SK));
    }

    @Test
    void readsTolerateAbsentAttributes() {
        Map<String, AttributeValue> item = Map.of("n", Values.n(7), "s", Values.s("x"), "b", Values.bool(true),
                "f", Values.bool(false), "t", Values.time(Instant.EPOCH));
        assertEquals(7, Values.num(item, "n", -1));
        assertEquals(-1, Values.num(item, "missing", -1));
        assertEquals(-1, Values.num(item, "s", -1), "not a number");
        assertEquals(7, Values.intOrNull(item, "n"));
        assertNull(Values.intOrNull(item, "missing"));
        assertNull(Values.intOrNull(item, "s"));
        assertTrue(Values.bool(item, "b"));
        assertFalse(Values.bool(item, "f"));
        assertFalse(Values.bool(item, "missing"));
        assertNull(Values.str(item, "missing"));
        assertEquals(Instant.EPOCH, Values.instant(item, "t"));
        assertNull(Values.instant(item, "missing"));
    }

    @Test
    void aVolumeItemReadsBackAsTheSameVolumeWithoutASnapshot() {
        for (VolumeMapping v : List.of(new VolumeMapping("/dev/sda1", "vol-1", "io2", 30, 4000, 500, true, "key-1"),
                new VolumeMapping("/dev/sdf", "vol-2", "gp2", 8, null, null, false, null))) {
            Map<String, AttributeValue> item = new HashMap<>(ItemMapper.volumeItem(ProjectName.of("web"), 3, v));
            assertEquals(new CycleVolume(v, null, SnapshotState.NONE, 0), ItemMapper.volume(item));
            assertEquals(Values.n(3), item.get(Attr.GENERATION));
            assertEquals(v.iops() != null, item.containsKey(Attr.IOPS), "no iops attribute when there are none");
            assertEquals(v.throughput() != null, item.containsKey(Attr.THROUGHPUT));
            assertEquals(v.kmsKeyId() != null, item.containsKey(Attr.KMS_KEY_ID));
        }
    }

    private static TransactionCanceledException cancelled(String... codes) {
        return TransactionCanceledException.builder().message("cancelled")
                .cancellationReasons(java.util.Arrays.stream(codes)
                        .map(c -> CancellationReason.builder().code(c).build()).toList())
                .build();
    }
}
