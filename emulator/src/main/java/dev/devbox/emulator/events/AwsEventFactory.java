package dev.devbox.emulator.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Builds events in the shapes AWS documents (see ../shared/fixtures/events). */
final class AwsEventFactory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String region;
    private final String account;
    private final Clock clock;

    AwsEventFactory(String region, String account, Clock clock) {
        this.region = region;
        this.account = account;
        this.clock = clock;
    }

    AwsEvent instanceState(String instanceId, String state) {
        ObjectNode event = envelope(AwsEvent.INSTANCE_STATE_CHANGE,
                "arn:aws:ec2:" + region + ":" + account + ":instance/" + instanceId);
        event.putObject("detail").put("instance-id", instanceId).put("state", state);
        return wrap(event, instanceId, state);
    }

    AwsEvent snapshotCreated(String snapshotId, String volumeId, boolean succeeded, String startTime) {
        String snapshotArn = "arn:aws:ec2:" + region + "::snapshot/" + snapshotId;
        ObjectNode event = envelope(AwsEvent.SNAPSHOT_NOTIFICATION, snapshotArn);
        String result = succeeded ? "succeeded" : "failed";
        event.putObject("detail")
                .put("event", "createSnapshot")
                .put("result", result)
                .put("cause", succeeded ? "" : "The snapshot could not be completed")
                .put("request-id", "")
                .put("snapshot_id", snapshotArn)
                .put("source", "arn:aws:ec2:" + region + "::volume/" + volumeId)
                .put("startTime", startTime == null ? now() : startTime)
                .put("endTime", now());
        return wrap(event, snapshotId, result);
    }

    AwsEvent imageState(String imageId, String state) {
        ObjectNode event = envelope(AwsEvent.AMI_STATE_CHANGE, "arn:aws:ec2:" + region + "::image/" + imageId);
        event.putObject("detail")
                .put("RequestId", UUID.randomUUID().toString())
                .put("ImageId", imageId)
                .put("State", state)
                .put("ErrorMessage", "failed".equals(state) ? "The image could not be created" : "");
        return wrap(event, imageId, state);
    }

    private ObjectNode envelope(String detailType, String resourceArn) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", detailType)
                .put("source", "aws.ec2")
                .put("account", account)
                .put("time", now())
                .put("region", region);
        event.putArray("resources").add(resourceArn);
        return event;
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static AwsEvent wrap(ObjectNode event, String resourceId, String state) {
        return new AwsEvent(event.get("id").asText(), event.get("detail-type").asText(), resourceId, state,
                event.toString());
    }
}
