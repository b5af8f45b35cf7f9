package dev.devbox.pipeline;

import dagger.BindsInstance;
import dagger.Component;
import dev.devbox.di.PortsModule;
import dev.devbox.di.TableName;
import dev.devbox.port.EventPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import javax.inject.Singleton;
import java.time.Clock;

/** The whole pipeline over clients someone else built (tests, local mode). */
@Singleton
@Component(modules = PortsModule.class)
interface PipelineComponent {
    InstanceEventService instanceEvents();

    SnapshotEventService snapshotEvents();

    ImageEventService imageEvents();

    Reconciler reconciler();

    StepLog log();

    @Component.Factory
    interface Factory {
        PipelineComponent create(@BindsInstance Ec2Client ec2, @BindsInstance DynamoDbClient dynamo,
                                 @BindsInstance EventPublisher publisher, @BindsInstance PipelineSettings settings,
                                 @BindsInstance @TableName String table, @BindsInstance Clock clock,
                                 @BindsInstance StepLog log);
    }
}
