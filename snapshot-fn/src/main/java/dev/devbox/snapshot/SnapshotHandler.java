package dev.devbox.snapshot;

import com.amazonaws.services.lambda.runtime.Context;
import dev.devbox.di.SnapStartPriming;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.devbox.event.PipelineEvent;
import dev.devbox.pipeline.EventIntake;
import dev.devbox.pipeline.InstanceEventService;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * EC2 Instance State-change Notification -> record the mapping, snapshot the volumes. Thin: read the event, hand it to the service. Malformed or foreign events
 * are logged and acknowledged; infrastructure errors propagate so Lambda retries
 * (and, after that, the dead-letter queue keeps the event).
 */
public final class SnapshotHandler implements RequestStreamHandler {
    /** Held here: the runtime holds its hooks weakly (null outside Lambda's own constructor). */
    private SnapStartPriming priming;
    private final InstanceEventService service;
    private final EventIntake intake;

    /** Lambda's constructor: the graph is built here, during init, so SnapStart captures it. */
    public SnapshotHandler() {
        this(SnapshotFunction.fromEnvironment());
    }

    public SnapshotHandler(SnapshotFunction component) {
        this(component.service(), component.intake());
        this.priming = component.priming().register();
    }

    /** For local mode and tests: {@code new SnapshotHandler(pipeline.instanceEvents(), pipeline.intake())}. */
    public SnapshotHandler(InstanceEventService service, EventIntake intake) {
        this.service = service;
        this.intake = intake;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        intake.read(input).ifPresent(event -> {
            if (event instanceof PipelineEvent.InstanceEvent accepted) {
                service.handle(accepted.detail());
            } else {
                intake.ignore(event);
            }
        });
    }
}
