package dev.devbox.cleanup;

import dagger.Component;
import dev.devbox.di.AwsModule;
import dev.devbox.di.SnapStartPriming;
import dev.devbox.di.PortsModule;
import dev.devbox.pipeline.Reconciler;

import javax.inject.Singleton;

/** ReconcileHandler's object graph. */
@Singleton
@Component(modules = {AwsModule.class, PortsModule.class})
public interface ReconcileFunction {
    /** SnapStart's priming hook: one read per client before the snapshot. */
    SnapStartPriming priming();

    Reconciler reconciler();

    static ReconcileFunction fromEnvironment() {
        return DaggerReconcileFunction.builder().awsModule(AwsModule.fromEnvironment()).build();
    }
}
