package dev.devbox.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Detail of "EBS Snapshot Notification" for {@code createSnapshot}; ids arrive as ARNs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotNotification(
        String event,
        String result,
        String cause,
        @JsonProperty("snapshot_id") String snapshotArn,
        @JsonProperty("source") String sourceArn) {
    public static final String DETAIL_TYPE = "EBS Snapshot Notification";
    public static final String CREATE_SNAPSHOT = "createSnapshot";

    public String snapshotId() {
        return Arn.resourceId(snapshotArn);
    }

    public boolean succeeded() {
        return "succeeded".equals(result);
    }

    void validate() {
        Events.require(event, "detail.event");
        Events.require(result, "detail.result");
        Events.require(snapshotArn, "detail.snapshot_id");
        snapshotId();
    }
}
