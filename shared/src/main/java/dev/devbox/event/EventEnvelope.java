package dev.devbox.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The EventBridge envelope as AWS delivers it to a Lambda target. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventEnvelope(
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        List<String> resources,
        JsonNode detail) {
}
