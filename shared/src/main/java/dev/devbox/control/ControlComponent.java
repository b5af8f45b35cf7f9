package dev.devbox.control;

import dagger.BindsInstance;
import dagger.Component;
import dev.devbox.di.StoresModule;
import dev.devbox.di.TableName;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.BaseImageSource;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.LaunchEc2;
import dev.devbox.port.ReadEc2;
import dev.devbox.port.Tunnels;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import javax.inject.Singleton;
import java.time.Clock;

/** The control plane over clients someone else built (local mode, tests). */
@Singleton
@Component(modules = StoresModule.class)
interface ControlComponent {
    ControlEndpoint endpoint();

    @Component.Factory
    interface Factory {
        ControlComponent create(@BindsInstance ControlEc2 ec2, @BindsInstance Ec2Gateway pipelineEc2,
                                @BindsInstance LaunchEc2 launchEc2, @BindsInstance ReadEc2 readEc2,
                                @BindsInstance BaseImageSource baseImages,
                                @BindsInstance DynamoDbClient dynamo, @BindsInstance PipelineSettings settings,
                                @BindsInstance @TableName String table, @BindsInstance AdminPolicy policy,
                                @BindsInstance ControlSettings control,
                                @BindsInstance PrivateAccess privateAccess, @BindsInstance Tunnels tunnels,
                                @BindsInstance Clock clock, @BindsInstance StepLog log);
    }
}
