package dev.devbox.cli.it;

import dev.devbox.testing.WorldFingerprint;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.local.LocalControlPlane;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.cli.ssh.OpenSshKeys;
import dev.devbox.domain.ResourceNames;
import dev.devbox.emulator.LocalAws;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

/** One test's world: the emulator with a bootstrapped stack, and a user with an SSH key. */
final class LocalWorld {
    static final String STACK = "devbox";

    final LocalAws aws;
    final Map<String, String> outputs;
    final CliRunner cli;
    /** Interceptors on the control plane's EC2 client, which starts and ends the boxes. */
    final ControlEc2Taps controlEc2 = new ControlEc2Taps();

    LocalWorld(LocalAws aws, Path home) {
        this.aws = aws;
        // The control plane on loopback (never closed: a test's world lives as long as its JVM's emulator).
        LocalControlPlane control = LocalControlPlane.listen();
        this.outputs = LocalStack.bootstrap(aws, STACK, control.outputs());
        control.serve(aws, STACK, outputs, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                List.of(controlEc2));
        OpenSshKeys.writeEd25519(home, "tester@devbox");
        this.cli = new CliRunner(aws.environment(), home);
    }

    /** Every instance (any state) tagged for the project. */
    List<Instance> instancesOf(String project) {
        return aws.ec2().describeInstances(r -> r.filters(
                        Filter.builder().name("tag:" + ResourceNames.TAG_PROJECT).values(PipelineWorld.key(project))
                                .build()))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    /** A fingerprint of everything a command could have changed ({@link WorldFingerprint}). */
    String snapshotOfWorld() {
        return WorldFingerprint.of(aws, outputs.get("TableName"));
    }
}
