package dev.devbox.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.emulator.junit.EmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@ExtendWith(EmulatorExtension.class)
class LocalAwsIT {

    @Test
    void dynamoDbLocalEnforcesConditionalWrites(LocalAws aws) {
        DynamoDbClient dynamo = aws.dynamo();
        createTable(dynamo, "claims");
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("p"));
        dynamo.putItem(b -> b.tableName("claims").item(item).conditionExpression("attribute_not_exists(pk)"));

        assertThrows(ConditionalCheckFailedException.class, () ->
                dynamo.putItem(b -> b.tableName("claims").item(item).conditionExpression("attribute_not_exists(pk)")));
    }

    @Test
    void resetForgetsTablesAndEc2Resources(LocalAws aws) {
        createTable(aws.dynamo(), "forgotten");
        aws.ec2().createVolume(b -> b.size(1).availabilityZone("us-east-1a"));

        aws.reset();

        assertTrue(aws.dynamo().listTables().tableNames().isEmpty());
        assertTrue(aws.ec2().describeVolumes().volumes().isEmpty());
    }

    @Test
    void environmentPointsEveryClientAtTheEmulator(LocalAws aws) {
        Map<String, String> env = aws.environment();
        assertEquals(aws.motoEndpoint().toString(), env.get("AWS_ENDPOINT_URL"));
        assertEquals(aws.dynamoEndpoint().toString(), env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        assertTrue(env.get("AWS_ENDPOINT_URL").startsWith("http://127.0.0.1:"));
    }

    private static void createTable(DynamoDbClient dynamo, String name) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
    }
}
