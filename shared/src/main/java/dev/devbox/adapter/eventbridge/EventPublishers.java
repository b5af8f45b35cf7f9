package dev.devbox.adapter.eventbridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.port.EventPublisher;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** The only public way to the EventBridge adapter. */
public final class EventPublishers {
    private EventPublishers() {
    }

    public static EventPublisher eventBridge(EventBridgeClient events, String busName) {
        return new SdkEventPublisher(events, busName, new ObjectMapper());
    }
}
