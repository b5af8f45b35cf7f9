package dev.devbox.control;

import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.domain.Project;
import dev.devbox.port.Ec2Gateway.InstanceView;
import dev.devbox.port.ReadEc2;
import dev.devbox.port.ReadEc2.BoxFacts;
import dev.devbox.port.Tunnels;

import javax.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `devbox proxy` of a private box: a presigned OpenTunnel URL of the stack's EC2 Instance Connect
 * Endpoint, to port 22 of the caller's own live box and nothing else. The control plane holds
 * ec2-instance-connect:OpenTunnel; developers do not, so the URL (valid for a minute, for one
 * address and port) is the only way they reach a box through the endpoint, and only theirs.
 */
public final class BoxTunnels {
    /** AWS ends a tunnel after at most this long (OpenTunnel's maxTunnelDuration). */
    public static final int MAX_TUNNEL_SECONDS = 3600;
    static final int SSH_PORT = 22;
    static final Duration URL_VALID_FOR = Duration.ofSeconds(60);

    private final OwnedBoxes boxes;
    private final ReadEc2 reads;
    private final Tunnels tunnels;
    private final PrivateAccess access;

    @Inject
    public BoxTunnels(OwnedBoxes boxes, ReadEc2 reads, Tunnels tunnels, PrivateAccess access) {
        this.boxes = boxes;
        this.reads = reads;
        this.tunnels = tunnels;
        this.access = access;
    }

    /** The reply's fields: the URL, the box's private address and how long the tunnel may last. */
    public Map<String, Object> open(Project project) {
        String name = ProjectDirectory.displayName(project);
        InstanceView box = boxes.box(project); // the project's box, refused unless its tags name its owner's cycle
        if (!"running".equals(box.state())) {
            throw new ControlRefusal(Kind.NOT_FOUND, "The box " + box.instanceId() + " of '" + name + "' is "
                    + box.state() + ", not running: 'devbox wait " + name + "' follows it.");
        }
        if (access.endpointId() == null) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "This stack has no EC2 Instance Connect Endpoint"
                    + " (PrivateBoxes=Never): connect to '" + name + "' directly with 'devbox ssh " + name + "'.");
        }
        String privateIp = reads.boxes(List.of(box.instanceId())).stream().findFirst().map(BoxFacts::privateIp)
                .orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND, "EC2 reports no private address for box "
                        + box.instanceId() + " of '" + name + "' yet: try again in a moment."));
        String dns = tunnels.endpointDnsName(access.endpointId()).orElseThrow(() -> new ControlRefusal(Kind.EC2,
                "The stack's EC2 Instance Connect Endpoint " + access.endpointId() + " is not ready (EC2 does not"
                        + " report it create-complete): try again in a few minutes, or ask the stack's admin."));
        String url = tunnels.presign(new Tunnels.Target(access.endpointId(), dns, privateIp, SSH_PORT,
                MAX_TUNNEL_SECONDS, URL_VALID_FOR));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("project", name);
        reply.put("instanceId", box.instanceId());
        reply.put("url", url);
        reply.put("maxTunnelSeconds", MAX_TUNNEL_SECONDS);
        reply.put("urlValidSeconds", URL_VALID_FOR.toSeconds());
        return reply;
    }
}
