package dev.devbox.ami;

import com.amazonaws.services.lambda.runtime.Context;
import dev.devbox.di.SnapStartPriming;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.devbox.event.PipelineEvent;
import dev.devbox.pipeline.EventIntake;
import dev.devbox.pipeline.SnapshotEventService;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * EBS Snapshot Notification -> count the snapshot; after the last one, register the AMI. Thin: read the event, hand it to the service. Malformed or foreign events
 * are logged and acknowledged; infrastructure errors propagate so Lambda retries
 * (and, after that, the dead-letter queue keeps the event).
 */
public final class AmiHandler implements RequestStreamHandler {
    /** Held here: the runtime holds its hooks weakly (null outside Lambda's own constructor). */
    private SnapStartPriming priming;
    private final SnapshotEventService service;
    private final EventIntake intake;

    /** Lambda's constructor: the graph is built here, during init, so SnapStart captures it. */
    public AmiHandler() {
        this(AmiFunction.fromEnvironment());
    }

    public AmiHandler(AmiFunction component) {
        this(component.service(), component.intake());
        this.priming = component.priming().register();
    }

    /** For local mode and tests: {@code new AmiHandler(pipeline.snapshotEvents(), pipeline.intake())}. */
    public AmiHandler(SnapshotEventService service, EventIntake intake) {
        this.service = service;
        this.intake = intake;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        intake.read(input).ifPresent(event -> {
            if (event instanceof PipelineEvent.SnapshotEvent accepted) {
                service.handle(accepted.detail());
            } else {
                intake.ignore(event);
            }
        });
    }
}
