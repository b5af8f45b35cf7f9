package dev.devbox.cleanup;

import dagger.Component;
import dev.devbox.di.AwsModule;
import dev.devbox.di.SnapStartPriming;
import dev.devbox.di.PortsModule;
import dev.devbox.pipeline.EventIntake;
import dev.devbox.pipeline.ImageEventService;

import javax.inject.Singleton;

/** CleanupHandler's object graph: only what this function uses, built once per execution environment. */
@Singleton
@Component(modules = {AwsModule.class, PortsModule.class})
public interface CleanupFunction {
    /** SnapStart's priming hook: one read per client before the snapshot. */
    SnapStartPriming priming();

    ImageEventService service();

    EventIntake intake();

    static CleanupFunction fromEnvironment() {
        return DaggerCleanupFunction.builder().awsModule(AwsModule.fromEnvironment()).build();
    }
}
