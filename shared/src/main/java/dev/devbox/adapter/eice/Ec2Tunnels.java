package dev.devbox.adapter.eice;

import dev.devbox.port.Tunnels;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2InstanceConnectEndpoint;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Tunnels} over EC2 (the endpoint's DNS name, looked up once) and {@link OpenTunnelPresigner}. */
final class Ec2Tunnels implements Tunnels {
    private final Ec2Client ec2;
    private final OpenTunnelPresigner presigner;
    private final Map<String, String> dnsNames = new ConcurrentHashMap<>();

    Ec2Tunnels(Ec2Client ec2, OpenTunnelPresigner presigner) {
        this.ec2 = ec2;
        this.presigner = presigner;
    }

    @Override
    public Optional<String> endpointDnsName(String endpointId) {
        String known = dnsNames.get(endpointId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> found = ec2.describeInstanceConnectEndpoints(r -> r.instanceConnectEndpointIds(endpointId))
                .instanceConnectEndpoints().stream()
                .filter(e -> "create-complete".equals(e.stateAsString()))
                .map(Ec2InstanceConnectEndpoint::dnsName).filter(d -> d != null && !d.isBlank()).findFirst();
        found.ifPresent(d -> dnsNames.put(endpointId, d));
        return found;
    }

    @Override
    public String presign(Target target) {
        return presigner.presign(target);
    }
}
