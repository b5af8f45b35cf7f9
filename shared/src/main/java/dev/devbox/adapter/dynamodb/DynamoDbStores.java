package dev.devbox.adapter.dynamodb;

import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The only public way to the DynamoDB adapters: callers see the ports, never the classes. */
public final class DynamoDbStores {
    private DynamoDbStores() {
    }

    public static ProjectStore projectStore(DynamoDbClient dynamo, String tableName) {
        return new DynamoProjectStore(dynamo, tableName);
    }

    public static CycleStore cycleStore(DynamoDbClient dynamo, String tableName) {
        return new DynamoCycleStore(dynamo, tableName);
    }
}
