package dev.devbox.cleanup;

import com.amazonaws.services.lambda.runtime.Context;
import dev.devbox.di.SnapStartPriming;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.devbox.pipeline.Reconciler;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The scheduled reconciler (an EventBridge schedule invokes it; the scheduled
 * event's content is irrelevant). Advances cycles stuck past DEVBOX_STUCK_MINUTES.
 */
public final class ReconcileHandler implements RequestStreamHandler {
    /** Held here: the runtime holds its hooks weakly (null outside Lambda's own constructor). */
    private SnapStartPriming priming;
    private final Reconciler reconciler;

    public ReconcileHandler() {
        this(ReconcileFunction.fromEnvironment());
    }

    public ReconcileHandler(ReconcileFunction component) {
        this(component.reconciler());
        this.priming = component.priming().register();
    }

    /** For local mode and tests: {@code new ReconcileHandler(pipeline.reconciler())}. */
    public ReconcileHandler(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        reconciler.reconcile();
    }
}
