package dev.devbox.di;

import dagger.Module;
import dagger.Provides;
import dev.devbox.adapter.ec2.Ec2Gateways;
import dev.devbox.adapter.eice.TunnelGateways;
import dev.devbox.control.ControlSettings;
import dev.devbox.control.PrivateAccess;
import dev.devbox.port.Tunnels;
import java.time.Clock;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.adapter.ssm.SsmGateways;
import dev.devbox.port.BaseImageSource;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.LaunchEc2;
import dev.devbox.port.ReadEc2;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

import javax.inject.Singleton;

/**
 * What control-fn needs beyond the pipeline's ports: its EC2 ports, the base image's parameter
 * (SSM), the stack's team rules, security group, launch template and subnets.
 */
@Module
public final class ControlModule {
    /** The stack's resources the control plane cannot work without: the template always sets them. */
    public static final java.util.List<String> REQUIRED = java.util.List.of("DEVBOX_SECURITY_GROUP",
            "DEVBOX_LAUNCH_TEMPLATE", "DEVBOX_SUBNETS");
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
    static ReadEc2 readEc2(Ec2Client ec2) {
        return Ec2Gateways.reads(ec2, true);
    }

    @Provides
    @Singleton
    AdminPolicy policy() {
        return environment.policy();
    }

    @Provides
    @Singleton
    static LaunchEc2 launchEc2(Ec2Client ec2) {
        return Ec2Gateways.launch(ec2);
    }

    @Provides
    @Singleton
    BaseImageSource baseImages(SdkHttpClient http, Region region, AwsCredentialsProvider credentials,
                               ClientPrimers primers) {
        SsmClient ssm = SsmClient.builder().httpClient(http).region(region).credentialsProvider(credentials).build();
        String parameter = environment.raw().get("DEVBOX_BASE_IMAGE_PARAMETER");
        if (parameter != null) {
            primers.add(ClientPrimers.ssm(ssm, parameter));
        }
        return SsmGateways.baseImages(ssm);
    }

    @Provides
    PrivateAccess privateAccess() {
        return PrivateAccess.of(environment.raw().get("DEVBOX_PRIVATE_BOXES"),
                environment.raw().get("DEVBOX_TUNNEL_ENDPOINT"));
    }

    @Provides
    @Singleton
    static Tunnels tunnels(Ec2Client ec2, Region region, AwsCredentialsProvider credentials, Clock clock) {
        // Resolved at each signing: the role's credentials are refreshed (and differ after a SnapStart restore).
        return TunnelGateways.of(ec2, credentials::resolveCredentials, region.id(), clock);
    }

    @Provides
    ControlSettings settings(Region region) {
        return new ControlSettings(environment.required("DEVBOX_SECURITY_GROUP"),
                environment.required("DEVBOX_LAUNCH_TEMPLATE"),
                ControlSettings.subnets(environment.required("DEVBOX_SUBNETS")),
                environment.raw().get("DEVBOX_EBS_KMS_KEY"), environment.raw().get("DEVBOX_BASE_IMAGE_PARAMETER"),
                null, environment.raw().get("DEVBOX_BASE_IMAGE_PARAMETER_ARM64"),
                environment.raw().get("DEVBOX_DEFAULT_INSTANCE_TYPE"), ControlSettings.canonicalOwner(region.id()));
    }
}
