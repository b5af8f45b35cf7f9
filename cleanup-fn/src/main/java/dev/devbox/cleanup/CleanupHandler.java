package dev.devbox.cleanup;

import com.amazonaws.services.lambda.runtime.Context;
import dev.devbox.di.SnapStartPriming;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.devbox.event.PipelineEvent;
import dev.devbox.pipeline.EventIntake;
import dev.devbox.pipeline.ImageEventService;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * EC2 AMI State Change -> READY, delete the source volumes, retire old AMIs. Thin: read the event, hand it to the service. Malformed or foreign events
 * are logged and acknowledged; infrastructure errors propagate so Lambda retries
 * (and, after that, the dead-letter queue keeps the event).
 */
public final class CleanupHandler implements RequestStreamHandler {
    /** Held here: the runtime holds its hooks weakly (null outside Lambda's own constructor). */
    private SnapStartPriming priming;
    private final ImageEventService service;
    private final EventIntake intake;

    /** Lambda's constructor: the graph is built here, during init, so SnapStart captures it. */
    public CleanupHandler() {
        this(CleanupFunction.fromEnvironment());
    }

    public CleanupHandler(CleanupFunction component) {
        this(component.service(), component.intake());
        this.priming = component.priming().register();
    }

    /** For local mode and tests: {@code new CleanupHandler(pipeline.imageEvents(), pipeline.intake())}. */
    public CleanupHandler(ImageEventService service, EventIntake intake) {
        this.service = service;
        this.intake = intake;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        intake.read(input).ifPresent(event -> {
            if (event instanceof PipelineEvent.ImageEvent accepted) {
                service.handle(accepted.detail());
            } else {
                intake.ignore(event);
            }
        });
    }
}
