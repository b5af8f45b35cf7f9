package dev.devbox.pipeline;

import dagger.BindsInstance;
import dagger.Component;
import dev.devbox.di.StoresModule;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.di.TableName;
import dev.devbox.port.EventPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import javax.inject.Singleton;
import java.time.Clock;

/** The whole pipeline over clients someone else built (tests, local mode). */
@Singleton
@Component(modules = StoresModule.class)
interface PipelineComponent {
    InstanceEventService instanceEvents();

    SnapshotEventService snapshotEvents();

    ImageEventService imageEvents();

    Reconciler reconciler();

    StepLog log();

    @Component.Factory
    interface Factory {
        PipelineComponent create(@BindsInstance Ec2Gateway ec2, @BindsInstance DynamoDbClient dynamo,
                                 @BindsInstance EventPublisher publisher, @BindsInstance PipelineSettings settings,
                                 @BindsInstance @TableName String table, @BindsInstance Clock clock,
                                 @BindsInstance StepLog log);
    }
}
