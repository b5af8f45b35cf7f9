package dev.devbox.cli.project;

import dev.devbox.adapter.dynamodb.DynamoDbStores;
import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The pipeline's stores over the stack's table (shared's DynamoDB adapter). */
public record Stores(ProjectStore projects, CycleStore cycles) {

    public static Stores open(DynamoDbClient dynamo, String table) {
        return new Stores(DynamoDbStores.projectStore(dynamo, table), DynamoDbStores.cycleStore(dynamo, table));
    }
}
