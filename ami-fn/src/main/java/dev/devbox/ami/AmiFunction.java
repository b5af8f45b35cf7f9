package dev.devbox.ami;

import dagger.Component;
import dev.devbox.di.AwsModule;
import dev.devbox.di.SnapStartPriming;
import dev.devbox.di.PortsModule;
import dev.devbox.pipeline.EventIntake;
import dev.devbox.pipeline.SnapshotEventService;

import javax.inject.Singleton;

/** AmiHandler's object graph: only what this function uses, built once per execution environment. */
@Singleton
@Component(modules = {AwsModule.class, PortsModule.class})
public interface AmiFunction {
    /** SnapStart's priming hook: one read per client before the snapshot. */
    SnapStartPriming priming();

    SnapshotEventService service();

    EventIntake intake();

    static AmiFunction fromEnvironment() {
        return DaggerAmiFunction.builder().awsModule(AwsModule.fromEnvironment()).build();
    }
}
