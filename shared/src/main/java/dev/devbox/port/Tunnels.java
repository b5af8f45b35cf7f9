package dev.devbox.port;

import java.time.Duration;
import java.util.Optional;

/**
 * The EC2 Instance Connect Endpoint side of a private box: the endpoint's DNS name, and a
 * presigned OpenTunnel URL that lets whoever holds it open one WebSocket tunnel to one address
 * and port, for a short while, under the control plane's own permission.
 */
public interface Tunnels {

    /** The endpoint's DNS name, if EC2 knows the endpoint and it is ready. */
    Optional<String> endpointDnsName(String endpointId);

    /** A wss:// URL for OpenTunnel, signed now and valid for {@link Target#urlValidFor()}. */
    String presign(Target target);

    /**
     * One tunnel: through {@code endpointId} (at {@code endpointDnsName}) to {@code privateIp}:{@code port},
     * which AWS ends after {@code maxTunnelSeconds}.
     */
    record Target(String endpointId, String endpointDnsName, String privateIp, int port, int maxTunnelSeconds,
                  Duration urlValidFor) {
    }
}
