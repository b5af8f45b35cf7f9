package dev.devbox.adapter.eice;

import dev.devbox.port.Tunnels;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.time.Clock;
import java.util.function.Supplier;

/** The {@link Tunnels} port over EC2 and SigV4 presigning. */
public final class TunnelGateways {
    private TunnelGateways() {
    }

    /** @param credentials resolved at each signing (the role's credentials are refreshed) */
    public static Tunnels of(Ec2Client ec2, Supplier<? extends AwsCredentialsIdentity> credentials, String region,
                             Clock clock) {
        return new Ec2Tunnels(ec2, new OpenTunnelPresigner(credentials, region, clock));
    }
}
