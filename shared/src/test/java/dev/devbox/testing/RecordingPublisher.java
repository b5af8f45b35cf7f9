package dev.devbox.testing;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.port.EventPublisher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the pipeline published, and passes it on to a real publisher when given one. */
public final class RecordingPublisher implements EventPublisher {
    public record Published(String detailType, CycleRef cycle, String imageId, Failure failure) {
    }

    private final List<Published> events = new CopyOnWriteArrayList<>();
    private final EventPublisher alsoTo;

    public RecordingPublisher() {
        this(null);
    }

    public RecordingPublisher(EventPublisher alsoTo) {
        this.alsoTo = alsoTo;
    }

    @Override
    public void projectReady(CycleRef cycle, String imageId) {
        events.add(new Published("Project Ready", cycle, imageId, null));
        if (alsoTo != null) {
            alsoTo.projectReady(cycle, imageId);
        }
    }

    @Override
    public void projectFailed(CycleRef cycle, Failure failure) {
        events.add(new Published("Project Failed", cycle, null, failure));
        if (alsoTo != null) {
            alsoTo.projectFailed(cycle, failure);
        }
    }

    public List<Published> events() {
        return List.copyOf(events);
    }
}
