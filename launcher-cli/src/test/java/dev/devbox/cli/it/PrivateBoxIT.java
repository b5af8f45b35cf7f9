package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import dev.devbox.testing.WorldFingerprint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Private boxes through the CLI entry point, on a stack deployed with PrivateBoxes=Allowed: no
 * public address and no port-22 range, saved and resumed private, reached through `devbox proxy`;
 * another developer gets nothing. (The emulator has no EC2 Instance Connect Endpoint: the tunnel
 * itself is tested against a loopback endpoint in WebSocketRelayTest, its URL in the shared
 * module's OpenTunnelPresignerTest.)
 */
@ExtendWith(EmulatorExtension.class)
class PrivateBoxIT {
    @TempDir
    Path home;

    LocalAws aws;
    PipelineWorld world;
    Ec2Requests requests;
    CliRunner alice;
    CliRunner bob;

    @BeforeEach
    void start(LocalAws aws) {
        this.aws = aws;
    }

    void deploy(String privateBoxes) {
        world = new PipelineWorld(aws, home, privateBoxes == null ? Map.of() : Map.of("PrivateBoxes", privateBoxes));
        requests = new Ec2Requests();
        world.controlEc2.add(requests); // the control plane's RunInstances
        alice = world.cli.with("AWS_ACCESS_KEY_ID", "alice");
        bob = world.cli.with("AWS_ACCESS_KEY_ID", "bob");
    }

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    String fingerprint() {
        return WorldFingerprint.of(aws, LocalStack.tableName(PipelineWorld.STACK));
    }

    /** Port-22 rules of the boxes' group that name an address range (devbox's own rules, the SshCidr one). */
    List<String> sshRanges() {
        String group = aws.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values(PipelineWorld.STACK + "-devbox-box"))).securityGroups().get(0).groupId();
        return aws.ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0).ipPermissions()
                .stream().filter(p -> p.fromPort() != null && p.fromPort() == 22)
                .flatMap((IpPermission p) -> p.ipRanges().stream().map(ip -> ip.cidrIp())).toList();
    }

    RunInstancesRequest lastRun() {
        List<RunInstancesRequest> runs = requests.of(RunInstancesRequest.class);
        assertFalse(runs.isEmpty(), "no RunInstances was sent");
        return runs.get(runs.size() - 1);
    }

    /** RunInstances asked for no public address, and put the stack's subnet and group on the interface only. */
    void assertLaunchedPrivate(JsonNode launched) {
        assertTrue(launched.get("privateBox").asBoolean(), launched::toString);
        RunInstancesRequest run = lastRun();
        assertEquals(1, run.networkInterfaces().size(), run::toString);
        InstanceNetworkInterfaceSpecification eni = run.networkInterfaces().get(0);
        assertEquals(0, eni.deviceIndex());
        assertEquals(Boolean.FALSE, eni.associatePublicIpAddress(), "no public IPv4 address");
        assertEquals(1, eni.groups().size(), "the boxes' group, on the interface");
        assertNull(run.subnetId(), "the subnet goes on the interface (EC2 refuses both)");
        assertTrue(run.securityGroupIds().isEmpty(), "the group goes on the interface (EC2 refuses both)");
        Instance box = world.instance(launched.get("instanceId").asText());
        assertNull(box.publicIpAddress(), "EC2 gave the box no public address");
        assertEquals("private", box.tags().stream().filter(t -> t.key().equals("devbox:access")).map(Tag::value)
                .findFirst().orElse(null));
        assertEquals(List.of(), sshRanges(), "no port-22 range was opened for a private box");
    }

    @Test
    void a_private_project_is_saved_and_resumed_private_through_the_endpoint_only() throws Exception {
        deploy("Allowed");
        JsonNode first = world.json(alice.run("launch", "alpha", "--private", "-o", "json"));
        assertEquals("ubuntu-24.04", first.get("imageSource").asText());
        assertLaunchedPrivate(first);
        assertEquals("devbox ssh alpha", first.get("sshCommand").asText());

        CliRunner.Result ssh = alice.run("ssh", "alpha", "--print");
        assertEquals(ExitCode.OK, ssh.exitCode(), ssh::toString);
        assertTrue(ssh.out().contains("-o ProxyCommand=devbox proxy alpha -o ServerAliveInterval=30"), ssh::toString);
        CliRunner.Result config = alice.run("ssh-config", "--print");
        assertTrue(config.out().contains("Host devbox-alpha"), config::toString);
        assertTrue(config.out().contains("  ProxyCommand devbox proxy alpha\n  ServerAliveInterval 30"),
                config::toString);
        CliRunner.Result elsewhere = alice.run("--stack", PipelineWorld.STACK, "ssh-config", "--print");
        assertTrue(elsewhere.out().contains("  ProxyCommand devbox --stack devbox proxy alpha"), elsewhere::toString);

        // No public IPv4 address: nothing to pay for it, unlike a public box of the same type beside it.
        world.json(alice.run("launch", "beta", "-o", "json"));
        JsonNode privateCost = world.json(alice.run("status", "alpha", "-o", "json")).get("runningCost");
        JsonNode publicCost = world.json(alice.run("status", "beta", "-o", "json")).get("runningCost");
        assertEquals(0, privateCost.get("publicIpv4Usd").decimalValue().signum(), privateCost::toString);
        assertEquals(new java.math.BigDecimal("0.005"), publicCost.get("usdPerHour").decimalValue()
                .subtract(privateCost.get("usdPerHour").decimalValue()).setScale(6, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros(),
                "the public box pays AWS's hourly public IPv4 charge, the private one does not");
        world.json(alice.run("terminate", "beta", "--wait", "--timeout", "2", "-o", "json"));

        JsonNode saved = world.json(alice.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
        assertEquals("READY", saved.get("state").asText());
        String ami = saved.get("imageId").asText();

        JsonNode resumed = world.json(alice.run("launch", "alpha", "--private", "-o", "json"));
        assertEquals(2, resumed.get("generation").asLong());
        assertEquals("project", resumed.get("imageSource").asText());
        assertEquals(ami, resumed.get("imageId").asText());
        assertLaunchedPrivate(resumed);
        world.json(alice.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
    }

    @Test
    void another_developer_gets_no_tunnel_to_a_private_box_and_nothing_changes() throws Exception {
        deploy("Allowed");
        world.json(alice.run("launch", "alpha", "--private", "-o", "json"));
        String before = fingerprint();

        CliRunner.Result proxied = bob.run("proxy", "alpha");
        assertEquals(ExitCode.NOT_FOUND, proxied.exitCode(), proxied::toString);
        assertTrue(proxied.err().contains("No project 'alpha'"), proxied::toString);
        assertEquals("", proxied.out(), "nothing reaches ssh's end of the pipe");
        CliRunner.Result asOwner = bob.run("proxy", "alpha", "--owner", "alice");
        assertEquals(ExitCode.FORBIDDEN, asOwner.exitCode(), asOwner::toString);
        assertFalse(bob.run("ssh-config", "--print").out().contains("devbox-alpha"));

        assertEquals(before, fingerprint(), "bob's tries changed nothing");
        world.json(alice.run("terminate", "alpha", "--wait", "--timeout", "2", "-o", "json"));
    }

    @Test
    void a_public_box_beside_a_private_one_keeps_its_address_and_its_range() throws Exception {
        deploy("Allowed");
        JsonNode launched = world.json(alice.run("launch", "beta", "-o", "json"));
        assertFalse(launched.get("privateBox").asBoolean());
        RunInstancesRequest run = lastRun();
        assertTrue(run.networkInterfaces().isEmpty(), run::toString);
        assertEquals(1, run.securityGroupIds().size());
        assertFalse(alice.run("ssh", "beta", "--print").out().contains("ProxyCommand"));
        world.json(alice.run("terminate", "beta", "--wait", "--timeout", "2", "-o", "json"));
    }

    @Test
    void private_asks_a_stack_cannot_honour_are_refused_in_one_line_and_change_nothing() throws Exception {
        deploy(null); // PrivateBoxes=Never: no endpoint
        String before = fingerprint();
        CliRunner.Result refused = alice.run("launch", "alpha", "--private");
        assertEquals(ExitCode.USAGE, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("This stack has no private boxes (PrivateBoxes=Never"), refused::toString);
        assertEquals(1, refused.err().strip().lines().count(), refused::toString);
        assertEquals(before, fingerprint());
    }

    @Test
    void a_range_for_a_private_box_is_refused_and_changes_nothing() throws Exception {
        deploy("Allowed");
        String before = fingerprint();
        CliRunner.Result refused = alice.run("launch", "alpha", "--private", "--ssh-cidr", "203.0.113.0/24");
        assertEquals(ExitCode.USAGE, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("--ssh-cidr opens port 22 to a range; a private box has no"), refused::toString);
        assertEquals(before, fingerprint());
    }
}
