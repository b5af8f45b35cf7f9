package dev.devbox.adapter.eventbridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.port.EventPublisher;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Publishes devbox's own events (source "devbox") with one PutEvents call each. */
final class SdkEventPublisher implements EventPublisher {
    static final String SOURCE = "devbox";
    static final String READY = "Project Ready";
    static final String FAILED = "Project Failed";

    private final EventBridgeClient events;
    private final String busName;
    private final ObjectMapper json;

    SdkEventPublisher(EventBridgeClient events, String busName, ObjectMapper json) {
        this.events = events;
        this.busName = busName;
        this.json = json;
    }

    @Override
    public void projectReady(CycleRef cycle, String imageId) {
        ObjectNode detail = detail(cycle);
        detail.put("imageId", imageId);
        put(READY, detail);
    }

    @Override
    public void projectFailed(CycleRef cycle, Failure failure) {
        ObjectNode detail = detail(cycle);
        detail.put("stage", failure.stage().name());
        detail.put("reason", failure.reason());
        put(FAILED, detail);
    }

    private ObjectNode detail(CycleRef cycle) {
        ObjectNode detail = json.createObjectNode();
        detail.put("project", cycle.project().value());
        detail.put("generation", cycle.generation());
        return detail;
    }

    private void put(String detailType, ObjectNode detail) {
        PutEventsResponse response = events.putEvents(b -> b.entries(e -> e
                .source(SOURCE).detailType(detailType).detail(detail.toString()).eventBusName(busName)));
        // PutEvents reports a refused entry in the response, not as an error.
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            PutEventsResultEntry entry = response.entries().isEmpty() ? null : response.entries().get(0);
            throw new PublishFailedException(detailType, entry == null ? "unknown error"
                    : entry.errorCode() + " " + entry.errorMessage());
        }
    }
}
