package dev.devbox.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.AwsFailureException;
import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.tunnel.TcpRelay;
import dev.devbox.cli.tunnel.WebSocketRelay;
import dev.devbox.control.read.BoxView;
import dev.devbox.domain.ProjectName;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import dev.devbox.cli.project.Projects;
import dev.devbox.cli.project.Waking;
import dev.devbox.domain.ProjectState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * ssh's ProxyCommand for a devbox box: stdin and stdout become a connection to port 22 of the
 * project's box. A private box is reached through the stack's EC2 Instance Connect Endpoint,
 * with a tunnel URL the control plane signs for the caller's own box; a public one over TCP.
 */
@Command(name = "proxy", hidden = true, mixinStandardHelpOptions = true,
        header = "Connect stdin/stdout to port 22 of a project's box (ssh's ProxyCommand).",
        description = "Used by 'devbox ssh' and 'devbox ssh-config' as ssh's ProxyCommand: a private box through"
                + " the stack's EC2 Instance Connect Endpoint (AWS ends such a tunnel after at most an hour), a"
                + " public box over plain TCP. Writes nothing but the box's bytes to stdout.")
public final class ProxyCommand extends DevboxCommand {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    @Parameters(index = "0", paramLabel = "PROJECT", converter = ProjectNameConverter.class,
            description = "Project name.")
    ProjectName project;

    @Option(names = "--wake", description = "Start a saved project's box first, as this machine last launched it"
            + " (type, market, idle limit, access), progress on stderr, unless it ended in the last five minutes.")
    boolean wake;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Projects.Detail detail = projects().look(project);
        if (wake && detail.project().state() != ProjectState.RUNNING) {
            detail = new Waking(projects(), env().home()).start(detail);
        }
        BoxView box = projects().runningBox(detail);
        if (aws().endpointOverridden()) {
            throw new ConfigurationException("AWS_ENDPOINT_URL is set: box " + box.instanceId() + " of '" + project
                    + "' is emulated and has no SSH server to connect to.");
        }
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        if (!box.privateBox()) {
            if (box.address() == null) {
                throw new NotFoundException("The box " + box.instanceId() + " of '" + project + "' has no address"
                        + " yet: 'devbox wait " + project + "' follows it.");
            }
            new TcpRelay(CONNECT_TIMEOUT).relay(box.address(), 22, env().stdin(), out);
            return ExitCode.OK;
        }
        JsonNode reply = aws().control().call("tunnel", project.value(), projects().ownerFlag());
        WebSocketRelay.Ended ended;
        try {
            ended = new WebSocketRelay(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(),
                    CONNECT_TIMEOUT).relay(URI.create(reply.path("url").asText()), env().stdin(), out);
        } catch (WebSocketRelay.TunnelFailed e) {
            throw new AwsFailureException("Could not open the tunnel to '" + project + "' through the stack's EC2"
                    + " Instance Connect Endpoint: " + e.getMessage() + (e.status() == 403 ? " (the signed URL"
                    + " expired or the control plane may not open tunnels: is the stack's PrivateBoxes set?)" : "")
                    + ". Try 'devbox ssh " + project + "' again.", e);
        }
        if (ended.byRemote()) {
            ui().info("devbox: the tunnel to '" + project + "' was closed by AWS"
                    + (ended.normal() ? "" : " (" + ended.code() + (ended.reason().isEmpty() ? "" : ": "
                    + ended.reason()) + ")") + "; AWS ends a tunnel after at most "
                    + reply.path("maxTunnelSeconds").asInt(3600) / 60 + " minutes. Reconnect with 'devbox ssh "
                    + project + "' (tmux or screen on the box keeps your session).");
        }
        return ExitCode.OK;
    }
}
