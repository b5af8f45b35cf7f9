package dev.devbox.adapter.eventbridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.port.EventPublisher;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

import java.net.URI;

/** The only public way to the EventBridge adapter. */
public final class EventPublishers {
    private EventPublishers() {
    }

    /**
     * @param endpoint the EventBridge endpoint, e.g. from {@link #endpointFor}
     */
    public static EventPublisher eventBridge(SdkHttpClient http, AwsCredentialsProvider credentials, Region region,
                                             URI endpoint, String busName) {
        return new SignedPutEventsPublisher(http, credentials, region, endpoint, busName, new ObjectMapper());
    }

    /**
     * The endpoint the SDK would use: {@code AWS_ENDPOINT_URL_EVENTBRIDGE}, else {@code AWS_ENDPOINT_URL},
     * else the regional endpoint of the region's partition.
     */
    public static URI endpointFor(Region region, java.util.Map<String, String> env) {
        String override = env.getOrDefault("AWS_ENDPOINT_URL_EVENTBRIDGE", env.get("AWS_ENDPOINT_URL"));
        if (override != null && !override.isBlank()) {
            return URI.create(override);
        }
        String dnsSuffix = region.metadata() == null ? "amazonaws.com" : region.metadata().partition().dnsSuffix();
        return URI.create("https://events." + region.id() + "." + dnsSuffix);
    }
}
