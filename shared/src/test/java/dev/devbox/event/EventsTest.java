package dev.devbox.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsTest {
    private final Events events = new Events();

    @Test
    void readsAnInstanceStateChange() {
        var event = assertInstanceOf(PipelineEvent.InstanceEvent.class, events.parse(fixture("instance-terminated.json")));
        assertEquals("i-1234567890abcdef0", event.detail().instanceId());
        assertEquals("terminated", event.detail().state());
        assertEquals("7bf73129-1428-4cd3-a780-95db273d1602", event.eventId());
    }

    @Test
    void readsASnapshotNotificationWhoseIdsAreArns() {
        var event = assertInstanceOf(PipelineEvent.SnapshotEvent.class, events.parse(fixture("snapshot-succeeded.json")));
        assertEquals("snap-01234567890abcdef", event.detail().snapshotId());
        assertTrue(event.detail().succeeded());
        assertEquals(SnapshotNotification.CREATE_SNAPSHOT, event.detail().event());
    }

    @Test
    void readsAnAmiStateChange() {
        var event = assertInstanceOf(PipelineEvent.ImageEvent.class, events.parse(fixture("ami-available.json")));
        assertEquals("ami-0abcdef1234567890", event.detail().imageId());
        assertEquals("available", event.detail().state());
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        String json = fixture("instance-shutting-down.json")
                .replace("\"state\": \"shutting-down\"", "\"state\": \"shutting-down\", \"new-field\": {\"x\": [1]}")
                .replace("\"version\": \"0\"", "\"version\": \"0\", \"replay-name\": \"r\"");
        var event = assertInstanceOf(PipelineEvent.InstanceEvent.class, events.parse(json));
        assertEquals("shutting-down", event.detail().state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:ec2:us-east-1::snapshot/snap-1", "arn:aws-cn:ec2:cn-north-1::snapshot/snap-1",
            "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:snapshot/snap-1", "snap-1"})
    void takesTheResourceIdFromArnsOfAnyPartition(String arn) {
        assertEquals("snap-1", Arn.resourceId(arn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:ec2", "arn::ec2:r:a:snapshot/x", "arn:aws:ec2:us-east-1::snapshot/", " "})
    void rejectsBrokenArns(String arn) {
        assertThrows(MalformedEventException.class, () -> Arn.resourceId(arn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "{\"detail-type\": \"EC2 AMI State Change\", \"source\": \"aws.ec2\"}",
            "{\"detail-type\": \"EC2 AMI State Change\", \"source\": \"aws.ec2\", \"detail\": {\"State\": \"available\"}}",
            "{\"detail-type\": \"EBS Snapshot Notification\", \"source\": \"aws.ec2\", \"detail\": {\"event\": \"createSnapshot\", \"result\": \"succeeded\", \"snapshot_id\": \"arn:aws:ec2\"}}",
            "{\"source\": \"aws.ec2\", \"detail\": {}}"})
    void rejectsMalformedEvents(String json) {
        assertThrows(MalformedEventException.class, () -> events.parse(json));
    }

    @Test
    void otherDetailTypesAndSourcesAreUnsupportedNotErrors() {
        assertInstanceOf(PipelineEvent.Unsupported.class, events.parse(
                "{\"id\":\"1\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\",\"source\":\"aws.ec2\",\"detail\":{}}"));
        assertInstanceOf(PipelineEvent.Unsupported.class, events.parse(
                fixture("ami-available.json").replace("\"aws.ec2\"", "\"my.app\"")));
    }

    static String fixture(String name) {
        try (InputStream in = EventsTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
