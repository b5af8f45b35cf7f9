package dev.devbox.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Detail of "EC2 Instance State-change Notification". */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceStateChange(@JsonProperty("instance-id") String instanceId, String state) {
    public static final String DETAIL_TYPE = "EC2 Instance State-change Notification";

    void validate() {
        Events.require(instanceId, "detail.instance-id");
        Events.require(state, "detail.state");
    }
}
