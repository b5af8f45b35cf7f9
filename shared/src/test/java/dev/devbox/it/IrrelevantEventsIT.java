package dev.devbox.it;

import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.testing.Ec2State;
import dev.devbox.testing.ForeignResources;
import dev.devbox.testing.Harness;
import dev.devbox.testing.Invariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Garbage, foreign and irrelevant events are logged and acknowledged, and change nothing. */
@ExtendWith(EmulatorExtension.class)
class IrrelevantEventsIT {

    @Test
    void malformedForeignAndIrrelevantEventsChangeNothing(LocalAws aws) {
        try (Harness h = new Harness(aws)) {
            ForeignResources.seed(aws.ec2(), "web");
            Invariants.Box box = h.launch("web", Harness.volumes(2));
            h.settle();
            String foreignImage = aws.ec2().describeImages(b -> b.owners("self")).images().get(0).imageId();
            List<Map<String, AttributeValue>> tableBefore = aws.dynamo().scan(b -> b.tableName(h.table)).items();
            Ec2State ec2Before = Ec2State.of(aws.ec2());
            h.counter.reset();

            List<String> events = List.of(
                    "", "not json", "[]", "{}", "{\"detail-type\": 17}",
                    fixture("instance-terminated.json").replace("\"detail\"", "\"detail-x\""),
                    fixture("instance-terminated.json").replace("EC2 Instance State-change Notification", "AWS API Call via CloudTrail"),
                    fixture("instance-terminated.json").replace("\"aws.ec2\"", "\"evil.app\"").replace("i-1234567890abcdef0", box.instanceId()),
                    fixture("instance-terminated.json"),
                    fixture("instance-terminated.json").replace("\"terminated\"", "\"stopped\"").replace("i-1234567890abcdef0", box.instanceId()),
                    fixture("instance-terminated.json").replace("\"terminated\"", "\"stopping\"").replace("i-1234567890abcdef0", box.instanceId()),
                    fixture("snapshot-succeeded.json"),
                    fixture("snapshot-succeeded.json").replace("createSnapshot", "copySnapshot"),
                    fixture("snapshot-succeeded.json").replace("\"snapshot_id\": \"arn:aws:ec2:us-east-1::snapshot/snap-01234567890abcdef\",", ""),
                    fixture("ami-available.json"),
                    fixture("ami-available.json").replace("ami-0abcdef1234567890", foreignImage),
                    fixture("ami-available.json").replace("\"available\"", "\"deregistered\""));
            for (String event : events) {
                h.dispatch(event);
            }

            assertEquals(tableBefore, aws.dynamo().scan(b -> b.tableName(h.table)).items(), "table unchanged");
            assertEquals(ec2Before, Ec2State.of(aws.ec2()), "EC2 unchanged");
            Map<String, Long> calls = h.counter.snapshot();
            assertEquals(Set.of("DynamoDb:GetItem"), calls.keySet(), "only key lookups: " + calls);
            assertTrue(calls.get("DynamoDb:GetItem") <= 4, "one lookup per event that named an id: " + calls);
        }
    }

    static String fixture(String name) {
        try (InputStream in = IrrelevantEventsIT.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
