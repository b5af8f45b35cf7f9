package dev.devbox.event;

/** A parsed event the pipeline understands, or the reason it does not. */
public sealed interface PipelineEvent {
    /** The envelope's id, for logs. */
    String eventId();

    record InstanceEvent(String eventId, InstanceStateChange detail) implements PipelineEvent {
    }

    record SnapshotEvent(String eventId, SnapshotNotification detail) implements PipelineEvent {
    }

    record ImageEvent(String eventId, ImageStateChange detail) implements PipelineEvent {
    }

    /** Well-formed, but not something devbox acts on (another detail-type or source). */
    record Unsupported(String eventId, String source, String detailType) implements PipelineEvent {
    }
}
