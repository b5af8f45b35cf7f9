package dev.devbox.adapter.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The table's shape, for tests and local mode (template.yaml declares the same for AWS).
 * See docs/data-model.md.
 */
public final class TableSchema {
    public static final String ACTIVE_INDEX = "active";
    public static final String TTL_ATTRIBUTE = Attr.EXPIRES_AT;

    private TableSchema() {
    }

    /** Creates the table (if it does not exist yet) and waits until it is usable. */
    public static void create(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.createTable(b -> b.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            stringAttribute(Attr.PK), stringAttribute(Attr.SK),
                            stringAttribute(Attr.ACTIVE_STATE), stringAttribute(Attr.STATE_SINCE))
                    .keySchema(key(Attr.PK, KeyType.HASH), key(Attr.SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(ACTIVE_INDEX)
                            .keySchema(key(Attr.ACTIVE_STATE, KeyType.HASH), key(Attr.STATE_SINCE, KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                            .build()));
        } catch (ResourceInUseException alreadyThere) {
            // Idempotent: local mode calls this on every start.
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        TimeToLiveStatus ttl = dynamo.describeTimeToLive(b -> b.tableName(tableName))
                .timeToLiveDescription().timeToLiveStatus();
        if (ttl != TimeToLiveStatus.ENABLED && ttl != TimeToLiveStatus.ENABLING) {
            dynamo.updateTimeToLive(b -> b.tableName(tableName)
                    .timeToLiveSpecification(t -> t.attributeName(TTL_ATTRIBUTE).enabled(true)));
        }
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
