package dev.devbox.testing;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.port.EventPublisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the pipeline published. */
public final class RecordingPublisher implements EventPublisher {
    public record Published(String detailType, CycleRef cycle, String imageId, Failure failure) {
    }

    private final List<Published> events = new CopyOnWriteArrayList<>();

    @Override
    public void projectReady(CycleRef cycle, String imageId) {
        events.add(new Published("Project Ready", cycle, imageId, null));
    }

    @Override
    public void projectFailed(CycleRef cycle, Failure failure) {
        events.add(new Published("Project Failed", cycle, null, failure));
    }

    public List<Published> events() {
        return List.copyOf(events);
    }
}
