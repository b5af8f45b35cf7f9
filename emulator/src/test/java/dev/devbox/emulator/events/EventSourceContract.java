package dev.devbox.emulator.events;

import static dev.devbox.emulator.Ec2Scenarios.ebs;
import static dev.devbox.emulator.Ec2Scenarios.runInstance;
import static dev.devbox.emulator.Ec2Scenarios.someBaseImage;
import static dev.devbox.emulator.Ec2Scenarios.volumesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.emulator.Ec2Scenarios;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * What the local event source promises, run against each emulator: the events
 * AWS would send, in AWS's shape (checked against ../shared/fixtures).
 */
abstract class EventSourceContract {
    static final ObjectMapper JSON = new ObjectMapper();

    abstract Ec2Client ec2();

    abstract String region();

    abstract String account();

    final List<JsonNode> received = new ArrayList<>();

    LocalEventSource primedSource() {
        LocalEventSource source = new LocalEventSource(ec2(), region(), account());
        source.subscribe(Set.of(), json -> received.add(JSON.readTree(json)));
        source.prime();
        return source;
    }

    @Test
    void terminatingABoxSendsShuttingDownThenTerminatedAndKeepsItsVolumes() throws IOException {
        LocalEventSource source = primedSource();
        String instance = runInstance(ec2(), someBaseImage(ec2()),
                ebs("/dev/sda1", 20, VolumeType.GP3), ebs("/dev/sdf", 30, VolumeType.GP3));
        List<Volume> volumes = volumesOf(ec2(), instance);
        source.poll();
        received.clear();

        ec2().terminateInstances(b -> b.instanceIds(instance));
        source.poll();

        List<String> states = received.stream()
                .filter(e -> e.at("/detail/instance-id").asText().equals(instance))
                .map(e -> e.at("/detail/state").asText()).toList();
        assertEquals(List.of("shutting-down", "terminated"), states);
        JsonNode terminated = received.get(received.size() - 1);
        assertSameShape(fixture("instance-terminated.json"), terminated);
        assertEquals("EC2 Instance State-change Notification", terminated.get("detail-type").asText());
        assertEquals("aws.ec2", terminated.get("source").asText());
        assertEquals("arn:aws:ec2:" + region() + ":" + account() + ":instance/" + instance,
                terminated.at("/resources/0").asText());
        assertEquals(2, volumes.size());
        for (Volume volume : volumes) {
            assertEquals("available", Ec2Scenarios.volume(ec2(), volume.volumeId()).stateAsString());
        }
    }

    @Test
    void aCompletedSnapshotAndAnAvailableImageEachSendTheirEvent() throws IOException {
        LocalEventSource source = primedSource();
        String instance = runInstance(ec2(), someBaseImage(ec2()), ebs("/dev/sda1", 20, VolumeType.GP3));
        String volume = volumesOf(ec2(), instance).get(0).volumeId();
        ec2().terminateInstances(b -> b.instanceIds(instance));
        source.poll();
        received.clear();

        String snapshot = ec2().createSnapshot(b -> b.volumeId(volume)).snapshotId();
        String image = ec2().registerImage(b -> b.name("events-" + snapshot).rootDeviceName("/dev/sda1")
                .virtualizationType("hvm").architecture("x86_64")
                .blockDeviceMappings(m -> m.deviceName("/dev/sda1").ebs(e -> e.snapshotId(snapshot))))
                .imageId();
        source.poll();

        JsonNode snapshotEvent = only("EBS Snapshot Notification");
        assertSameShape(fixture("snapshot-succeeded.json"), snapshotEvent);
        assertEquals("succeeded", snapshotEvent.at("/detail/result").asText());
        assertEquals("createSnapshot", snapshotEvent.at("/detail/event").asText());
        assertEquals("arn:aws:ec2:" + region() + "::snapshot/" + snapshot, snapshotEvent.at("/detail/snapshot_id").asText());
        assertEquals("arn:aws:ec2:" + region() + "::volume/" + volume, snapshotEvent.at("/detail/source").asText());
        JsonNode imageEvent = only("EC2 AMI State Change");
        assertSameShape(fixture("ami-available.json"), imageEvent);
        assertEquals(image, imageEvent.at("/detail/ImageId").asText());
        assertEquals("available", imageEvent.at("/detail/State").asText());
    }

    private JsonNode only(String detailType) {
        List<JsonNode> matching = received.stream().filter(e -> e.get("detail-type").asText().equals(detailType)).toList();
        assertEquals(1, matching.size(), detailType + " events: " + matching);
        return matching.get(0);
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = EventSourceContract.class.getResourceAsStream("/fixtures/events/" + name)) {
            return JSON.readTree(in);
        }
    }

    /** Same field names at every level (values differ: ids, times). */
    static void assertSameShape(JsonNode expected, JsonNode actual) {
        assertEquals(fieldNames(expected), fieldNames(actual));
        assertEquals(fieldNames(expected.get("detail")), fieldNames(actual.get("detail")));
        assertTrue(actual.get("resources").isArray());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
