package dev.devbox.control;

import dev.devbox.adapter.ec2.Ec2Gateways;
import dev.devbox.adapter.eice.TunnelGateways;
import dev.devbox.port.Tunnels;
import software.amazon.awssdk.utils.CompletableFutureUtils;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.BaseImageSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.time.Clock;

/**
 * The control plane in one object, for local mode and tests: give it SDK clients pointed at the
 * emulator and feed it function URL events. control-fn builds the same endpoint through its own
 * component. (The emulator has no DescribeVolumeStatus, so volume initialization is estimated.)
 */
public final class ControlPlane {
    private ControlPlane() {
    }

    /** The caller owns (and closes) the clients; {@code baseImages} names a new project's image. */
    public static ControlEndpoint endpoint(Ec2Client ec2, DynamoDbClient dynamo, BaseImageSource baseImages,
                                           String table, PipelineSettings settings, ControlSettings control,
                                           AdminPolicy policy, Clock clock, StepLog log) {
        return endpoint(ec2, dynamo, baseImages, table, settings, control, PrivateAccess.none(), policy, clock, log);
    }

    /** The same, for a stack whose boxes may be private (tunnels signed with the EC2 client's credentials). */
    public static ControlEndpoint endpoint(Ec2Client ec2, DynamoDbClient dynamo, BaseImageSource baseImages,
                                           String table, PipelineSettings settings, ControlSettings control,
                                           PrivateAccess privateAccess, AdminPolicy policy, Clock clock,
                                           StepLog log) {
        var config = ec2.serviceClientConfiguration();
        Tunnels tunnels = TunnelGateways.of(ec2,
                () -> CompletableFutureUtils.joinLikeSync(config.credentialsProvider().resolveIdentity()),
                config.region().id(), clock);
        return DaggerControlComponent.factory().create(Ec2Gateways.control(ec2), Ec2Gateways.of(ec2),
                Ec2Gateways.launch(ec2), Ec2Gateways.reads(ec2, false), baseImages, dynamo, settings, table, policy,
                control, privateAccess, tunnels, clock, log).endpoint();
    }
}
