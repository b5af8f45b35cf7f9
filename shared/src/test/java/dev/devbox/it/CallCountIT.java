package dev.devbox.it;

import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.testing.Harness;
import dev.devbox.testing.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Scan on any event path, and per-event work independent of the table's
 * size: one full cycle of a 2-volume box costs exactly the same calls with 1
 * project as with 10,000. Prints the counts (docs/pipeline.md records them).
 */
@ExtendWith(EmulatorExtension.class)
class CallCountIT {

    @Test
    void aFullCycleCostsTheSameCallsWithOneProjectAsWithTenThousand(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            Map<String, Long> alone = cycle(h, "solo");
            Map<String, Map<String, Long>> perEventAlone = copy(h.callsByDetailType);

            seedProjects(h, 10_000);
            h.callsByDetailType.clear();
            Map<String, Long> crowded = cycle(h, "crowd");

            assertEquals(alone, crowded, "calls for one cycle with 1 vs 10,000 projects");
            assertEquals(perEventAlone, h.callsByDetailType, "calls per event type");
            assertTrue(alone.keySet().stream().noneMatch(op -> op.endsWith(":Scan")), "no Scan: " + alone);
            long ec2 = alone.entrySet().stream().filter(e -> e.getKey().startsWith("Ec2:")).mapToLong(Map.Entry::getValue).sum();
            long dynamo = alone.entrySet().stream().filter(e -> e.getKey().startsWith("DynamoDb:")).mapToLong(Map.Entry::getValue).sum();
            System.err.println("one full cycle of a 2-volume box: EC2 " + ec2 + " calls, DynamoDB " + dynamo + " calls");
            System.err.println("  by operation: " + alone);
            perEventAlone.forEach((type, calls) -> System.err.println("  " + type + " (all its events): " + calls));
            Invariants.check(h);
        }
    }

    /** running, shutting-down, terminated, 2 snapshots, AMI available: every event once, in order. */
    private static Map<String, Long> cycle(Harness h, String project) {
        Invariants.Box box = h.launch(project, Harness.volumes(2));
        h.counter.reset();
        h.settle();
        h.terminate(box);
        h.settle();
        assertEquals(ProjectState.READY, h.project(project).state());
        return h.counter.snapshot();
    }

    private static void seedProjects(Harness h, int count) {
        long started = System.nanoTime();
        // Four writers: DynamoDB Local spends its time per request, not per item.
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int start = 0; start < count; start += 25) {
                int from = start;
                done.add(writers.submit(() -> writeBatch(h, from, Math.min(from + 25, count))));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            writers.shutdownNow();
        }
        System.err.printf("seeded %d projects in %d ms%n", count, (System.nanoTime() - started) / 1_000_000);
        assertEquals(count + 1, h.projects.list().size());
    }

    private static void writeBatch(Harness h, int from, int to) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Map<String, AttributeValue> item = Map.of(
                    "pk", AttributeValue.fromS("PROJECT"), "sk", AttributeValue.fromS("bulk-" + i),
                    "name", AttributeValue.fromS("bulk-" + i), "state", AttributeValue.fromS("READY"),
                    "generation", AttributeValue.fromN("3"), "stateSince", AttributeValue.fromS("2026-11-01T00:00:00Z"));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        var unprocessed = h.aws.dynamo().batchWriteItem(b -> b.requestItems(Map.of(h.table, batch))).unprocessedItems();
        assertTrue(unprocessed.isEmpty(), "DynamoDB Local left items unprocessed");
    }

    private static Map<String, Map<String, Long>> copy(Map<String, Map<String, Long>> source) {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        source.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }
}
