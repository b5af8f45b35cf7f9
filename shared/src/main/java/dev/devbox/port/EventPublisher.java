package dev.devbox.port;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;

/** devbox's own notifications (EventBridge source "devbox"), for users to hook into. */
public interface EventPublisher {
    void projectReady(CycleRef cycle, String imageId);

    void projectFailed(CycleRef cycle, Failure failure);
}
