package dev.devbox.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;

/** Reads EventBridge events: tolerant of unknown fields, strict about the ones devbox needs. */
public final class Events {
    static final String AWS_EC2 = "aws.ec2";

    private final ObjectMapper mapper;

    public Events() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public PipelineEvent parse(InputStream in) {
        try {
            return parse(mapper.readValue(in, EventEnvelope.class));
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading the event failed", e);
        }
    }

    public PipelineEvent parse(String json) {
        try {
            return parse(mapper.readValue(json, EventEnvelope.class));
        } catch (JsonProcessingException e) {
            throw unreadable(e);
        }
    }

    /** Says what was wrong without quoting the payload (Jackson's messages echo tokens of it). */
    private static MalformedEventException unreadable(JsonProcessingException e) {
        String what = e instanceof com.fasterxml.jackson.core.JsonParseException ? "not valid JSON" : "unexpected JSON shape";
        String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
        return new MalformedEventException("unreadable event: " + what + where, e);
    }

    private PipelineEvent parse(EventEnvelope envelope) {
        if (envelope == null || envelope.detailType() == null) {
            throw new MalformedEventException("not an EventBridge event: no detail-type");
        }
        String id = envelope.id() == null ? "" : envelope.id();
        if (!AWS_EC2.equals(envelope.source())) {
            return new PipelineEvent.Unsupported(id, envelope.source(), envelope.detailType());
        }
        JsonNode detail = envelope.detail();
        if (detail == null || !detail.isObject()) {
            throw new MalformedEventException(envelope.detailType() + " without a detail object");
        }
        return switch (envelope.detailType()) {
            case InstanceStateChange.DETAIL_TYPE -> {
                InstanceStateChange d = read(detail, InstanceStateChange.class);
                d.validate();
                yield new PipelineEvent.InstanceEvent(id, d);
            }
            case SnapshotNotification.DETAIL_TYPE -> {
                SnapshotNotification d = read(detail, SnapshotNotification.class);
                d.validate();
                yield new PipelineEvent.SnapshotEvent(id, d);
            }
            case ImageStateChange.DETAIL_TYPE -> {
                ImageStateChange d = read(detail, ImageStateChange.class);
                d.validate();
                yield new PipelineEvent.ImageEvent(id, d);
            }
            default -> new PipelineEvent.Unsupported(id, envelope.source(), envelope.detailType());
        };
    }

    private <T> T read(JsonNode detail, Class<T> type) {
        try {
            return mapper.treeToValue(detail, type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("unreadable " + type.getSimpleName() + " detail", e);
        }
    }

    static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("event lacks " + field);
        }
    }
}
