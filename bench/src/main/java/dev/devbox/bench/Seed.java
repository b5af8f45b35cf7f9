package dev.devbox.bench;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a table with READY projects written as raw items in the documented shape
 * (docs/data-model.md): a project item and its retained-AMI item each, BatchWriteItem 25 at
 * a time. Fast enough for 10,000 projects; the AMI ids are made up (nothing on the event
 * paths looks at other projects' AMIs, which is the point being measured).
 */
final class Seed {
    private Seed() {
    }

    /** {@code owner}: the CLI lists only its caller's projects, so seeds for it carry its access key id. */
    static void readyProjects(DynamoDbClient dynamo, String table, String prefix, int count, Instant since,
                              String owner) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = String.format("%s%05d", prefix, i);
            String image = String.format("ami-%017x", 0x5eed000000L + i);
            Map<String, AttributeValue> project = new HashMap<>();
            project.put("pk", s("PROJECT"));
            project.put("sk", s(name));
            project.put("name", s(name));
            project.put("state", s("READY"));
            project.put("generation", n(1));
            project.put("stateSince", s(since.toString()));
            project.put("owner", s(owner));
            project.put("imageId", s(image));
            project.put("imageGeneration", n(1));
            project.put("mappingGeneration", n(1));
            project.put("architecture", s("x86_64"));
            project.put("rootDeviceName", s("/dev/sda1"));
            project.put("enaSupport", AttributeValue.fromBool(true));
            project.put("bootMode", s("uefi-preferred"));
            project.put("updatedAt", s(since.toString()));
            Map<String, AttributeValue> ami = new HashMap<>();
            ami.put("pk", s("PROJECT#" + name));
            ami.put("sk", s("AMI#0000000001"));
            ami.put("generation", n(1));
            ami.put("imageId", s(image));
            ami.put("snapshotIds", AttributeValue.fromSs(List.of(String.format("snap-%017x", 0x5eed000000L + i))));
            ami.put("recordedAt", s(since.toString()));
            batch.add(put(project));
            batch.add(put(ami));
            if (batch.size() >= 24) {
                flush(dynamo, table, batch);
            }
        }
        flush(dynamo, table, batch);
    }

    private static void flush(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, List.copyOf(batch));
        batch.clear();
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            var unprocessed = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            pending = unprocessed == null ? Map.of() : unprocessed;
        }
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
