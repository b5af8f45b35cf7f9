package dev.devbox.emulator.events;

/**
 * One EventBridge event as AWS would deliver it: the JSON is exactly what a
 * Lambda target receives; the other fields are for fault plans and tests.
 *
 * @param id the envelope's unique id (a duplicate delivery repeats it, as AWS does)
 * @param detailType e.g. {@code EC2 Instance State-change Notification}
 * @param resourceId the instance, snapshot or image id the event is about
 * @param state the state or result it reports (running, terminated, succeeded, available...)
 * @param json the whole event
 */
public record AwsEvent(String id, String detailType, String resourceId, String state, String json) {
    public static final String INSTANCE_STATE_CHANGE = "EC2 Instance State-change Notification";
    public static final String SNAPSHOT_NOTIFICATION = "EBS Snapshot Notification";
    public static final String AMI_STATE_CHANGE = "EC2 AMI State Change";

    @Override
    public String toString() {
        return detailType + " " + resourceId + " " + state + " (" + id + ")";
    }
}
