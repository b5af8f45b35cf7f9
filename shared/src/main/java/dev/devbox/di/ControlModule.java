package dev.devbox.di;

import dagger.Module;
import dagger.Provides;
import dev.devbox.adapter.ec2.Ec2Gateways;
import dev.devbox.control.ControlSettings;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.port.ControlEc2;
import software.amazon.awssdk.services.ec2.Ec2Client;

import javax.inject.Singleton;

/** What control-fn needs beyond the pipeline's ports: its EC2 port, the stack's team rules and security group. */
@Module
public final class ControlModule {
    private final LambdaEnvironment environment;

    public ControlModule(LambdaEnvironment environment) {
        this.environment = environment;
    }

    public static ControlModule fromEnvironment() {
        return new ControlModule(LambdaEnvironment.from(System.getenv()));
    }

    @Provides
    @Singleton
    static ControlEc2 controlEc2(Ec2Client ec2) {
        return Ec2Gateways.control(ec2);
    }

    @Provides
    @Singleton
    AdminPolicy policy() {
        return environment.policy();
    }

    @Provides
    ControlSettings settings() {
        return new ControlSettings(environment.required("DEVBOX_SECURITY_GROUP"));
    }
}
