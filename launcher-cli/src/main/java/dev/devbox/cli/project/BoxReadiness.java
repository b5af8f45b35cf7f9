package dev.devbox.cli.project;

import dev.devbox.cli.error.AwsFailureException;
import dev.devbox.cli.error.WaitTimeoutException;
import dev.devbox.cli.ui.Progress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import dev.devbox.control.read.BoxView;
import dev.devbox.domain.ProjectName;

/** A launched box's way to ready, with progress: running, then SSH answering. */
final class BoxReadiness {
    private final Projects projects;

    BoxReadiness(Projects projects) {
        this.projects = projects;
    }

    /**
     * Until the control plane shows the project's box {@code instanceId} running with an address;
     * a box that ends instead is an error.
     */
    BoxView running(ProjectName project, String instanceId, Duration timeout) {
        Instant deadline = projects.now().plus(timeout);
        try (Progress progress = projects.ui().progress("Starting box " + instanceId)) {
            while (true) {
                // EC2 may not list the box for a moment right after the launch
                Optional<BoxView> found = projects.look(project).box().filter(b -> b.instanceId().equals(instanceId));
                if (found.isPresent()) {
                    BoxView box = found.get();
                    if ("running".equals(box.state()) && box.address() != null) {
                        progress.done("Box " + instanceId + " is running at " + box.address());
                        return box;
                    }
                    if (!box.runningOrStarting()) {
                        progress.fail("Box " + instanceId + " is " + box.state());
                        throw new AwsFailureException("The box " + instanceId + " stopped while starting ("
                                + box.state() + (box.stateReason() == null ? "" : ": " + box.stateReason())
                                + "): its volumes are saved as usual; try 'devbox launch' again when the project is READY.");
                    }
                    progress.update("Box " + instanceId + " is " + box.state());
                }
                if (projects.now().isAfter(deadline)) {
                    progress.fail("gave up waiting");
                    throw new WaitTimeoutException("Box " + instanceId + " did not reach 'running' in "
                            + timeout.toMinutes() + " min: check it in the EC2 console.");
                }
                Projects.sleep(projects.pollInterval());
            }
        }
    }

    /**
     * Until sshd greets through a tunnel of the stack's EC2 Instance Connect Endpoint (a private box
     * has no address this machine can reach), each try with a URL the control plane signs afresh.
     */
    void sshAnswersThroughTunnel(ProjectName project, Duration timeout) {
        Instant deadline = projects.now().plus(timeout);
        dev.devbox.cli.tunnel.SshBannerProbe probe = new dev.devbox.cli.tunnel.SshBannerProbe(
                java.net.http.HttpClient.newHttpClient());
        try (Progress progress = projects.ui().progress("Waiting for SSH through the stack's endpoint")) {
            while (true) {
                String failure;
                try {
                    String url = projects.aws().control().call("tunnel", project.value(), projects.ownerFlag())
                            .path("url").asText();
                    if (probe.answers(java.net.URI.create(url), Duration.ofSeconds(10))) {
                        progress.done("SSH answers through the stack's EC2 Instance Connect Endpoint");
                        return;
                    }
                    failure = "sshd did not greet through the tunnel";
                } catch (RuntimeException e) {
                    failure = e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WaitTimeoutException("Interrupted while waiting for SSH on '" + project + "'.");
                }
                if (projects.now().isAfter(deadline)) {
                    progress.fail("SSH did not answer");
                    throw new WaitTimeoutException("The box runs but SSH did not answer through the stack's EC2"
                            + " Instance Connect Endpoint in " + timeout.toMinutes() + " min (" + failure + "): it"
                            + " may still be booting; try 'devbox ssh " + project + "' shortly.");
                }
                Projects.sleep(Duration.ofSeconds(3));
            }
        }
    }

    /** Until port 22 accepts a connection. */
    void sshAnswers(String address, Duration timeout) {
        Instant deadline = projects.now().plus(timeout);
        try (Progress progress = projects.ui().progress("Waiting for SSH on " + address + ":22")) {
            while (true) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, 22), 3000);
                    progress.done("SSH answers on " + address);
                    return;
                } catch (IOException e) {
                    if (projects.now().isAfter(deadline)) {
                        progress.fail("SSH did not answer");
                        throw new WaitTimeoutException("The box runs but SSH on " + address + " did not answer in "
                                + timeout.toMinutes() + " min: it may still be booting (try 'devbox ssh' shortly),"
                                + " or port 22 is not open to your address (see --ssh-cidr).");
                    }
                }
                Projects.sleep(Duration.ofSeconds(3));
            }
        }
    }
}
