package dev.devbox.cli.project;

import dev.devbox.port.CycleStore;
import dev.devbox.port.ProjectStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The pipeline's stores over the stack's table (shared's DynamoDB adapter). */
public record Stores(ProjectStore projects, CycleStore cycles) {

    public static Stores open(DynamoDbClient dynamo, String table) {
        throw new UnsupportedOperationException("waiting for shared's DynamoDB adapter");
    }
}
