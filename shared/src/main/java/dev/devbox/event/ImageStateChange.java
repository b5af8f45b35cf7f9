package dev.devbox.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Detail of "EC2 AMI State Change". */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageStateChange(
        @JsonProperty("ImageId") String imageId,
        @JsonProperty("State") String state,
        @JsonProperty("ErrorMessage") String errorMessage) {
    public static final String DETAIL_TYPE = "EC2 AMI State Change";

    void validate() {
        Events.require(imageId, "detail.ImageId");
        Events.require(state, "detail.State");
    }
}
