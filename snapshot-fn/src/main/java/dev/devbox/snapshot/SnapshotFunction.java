package dev.devbox.snapshot;

import dagger.Component;
import dev.devbox.di.AwsModule;
import dev.devbox.di.SnapStartPriming;
import dev.devbox.di.PortsModule;
import dev.devbox.pipeline.EventIntake;
import dev.devbox.pipeline.InstanceEventService;

import javax.inject.Singleton;

/** SnapshotHandler's object graph: only what this function uses, built once per execution environment. */
@Singleton
@Component(modules = {AwsModule.class, PortsModule.class})
public interface SnapshotFunction {
    /** SnapStart's priming hook: one read per client before the snapshot. */
    SnapStartPriming priming();

    InstanceEventService service();

    EventIntake intake();

    static SnapshotFunction fromEnvironment() {
        return DaggerSnapshotFunction.builder().awsModule(AwsModule.fromEnvironment()).build();
    }
}
