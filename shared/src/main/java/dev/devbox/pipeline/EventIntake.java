package dev.devbox.pipeline;

import dev.devbox.event.Events;
import dev.devbox.event.MalformedEventException;
import dev.devbox.event.PipelineEvent;

import javax.inject.Inject;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads an event for a handler. A malformed event is a permanent rejection:
 * logged (without its payload) and acknowledged, since retrying cannot fix it.
 */
public final class EventIntake {
    private final Events events = new Events();
    private final StepLog log;

    @Inject
    public EventIntake(StepLog log) {
        this.log = log;
    }

    public Optional<PipelineEvent> read(InputStream in) {
        try {
            return Optional.of(events.parse(in));
        } catch (MalformedEventException e) {
            log.step("read-event").with("reason", e.getMessage()).warn("malformed");
            return Optional.empty();
        }
    }

    public Optional<PipelineEvent> read(String json) {
        try {
            return Optional.of(events.parse(json));
        } catch (MalformedEventException e) {
            log.step("read-event").with("reason", e.getMessage()).warn("malformed");
            return Optional.empty();
        }
    }

    /** An event this function does not handle (wrong detail-type or source): acknowledged. */
    public void ignore(PipelineEvent event) {
        String type = event instanceof PipelineEvent.Unsupported u ? u.source() + "/" + u.detailType()
                : event.getClass().getSimpleName();
        log.step("read-event").with("event", event.eventId()).with("type", type).outcome("ignored-type");
    }
}
