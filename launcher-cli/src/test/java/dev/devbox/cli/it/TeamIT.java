package dev.devbox.cli.it;

import dev.devbox.testing.WorldFingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two developers and an admin sharing one stack, as in local mode: the access key id is the
 * developer. Every refusal is one line with its own exit code and leaves the world exactly as it
 * was; the real pipeline saves every box under the history oracle ({@link PipelineWorld}).
 */
@ExtendWith(EmulatorExtension.class)
class TeamIT {
    static final List<List<String>> PROJECT_COMMANDS = List.of(
            List.of("launch"), List.of("ssh", "--print"), List.of("terminate"), List.of("wait", "--timeout", "0"),
            List.of("status"), List.of("history"), List.of("delete", "--yes"));

    @TempDir
    Path home;

    LocalAws aws;
    PipelineWorld world;
    CliRunner alice;
    CliRunner bob;
    CliRunner carol;

    @BeforeEach
    void start(LocalAws aws) {
        this.aws = aws;
    }

    /** The stack, deployed with these team rules; carol is its admin. */
    void deploy(Map<String, String> rules) {
        Map<String, String> parameters = new java.util.HashMap<>(rules);
        parameters.put("AdminPrincipals", "carol");
        world = new PipelineWorld(aws, home, parameters);
        alice = world.cli.with("AWS_ACCESS_KEY_ID", "alice");
        bob = world.cli.with("AWS_ACCESS_KEY_ID", "bob");
        carol = world.cli.with("AWS_ACCESS_KEY_ID", "carol");
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

    static CliRunner.Result run(CliRunner who, String project, List<String> command, String... more) {
        List<String> args = new ArrayList<>(List.of(command.get(0), project));
        args.addAll(List.of(more));
        args.addAll(command.subList(1, command.size()));
        return who.run(args.toArray(String[]::new));
    }

    static void refused(CliRunner.Result r, int exit, String expected) {
        assertEquals(exit, r.exitCode(), r::toString);
        assertTrue(r.err().contains(expected), () -> "expected '" + expected + "' in " + r);
        assertEquals(1, r.err().strip().lines().count(), () -> "one line: " + r);
    }

    static void ok(CliRunner.Result r) {
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
    }

    @Test
    void another_developers_project_is_out_of_reach_of_every_command_and_nothing_changes() throws Exception {
        deploy(Map.of());
        ok(alice.run("launch", "web"));
        String before = fingerprint();

        for (List<String> command : PROJECT_COMMANDS) {
            if (!command.get(0).equals("launch")) { // bob's launch of web starts his own: the next test
                refused(run(bob, "web", command), ExitCode.NOT_FOUND, "No project 'web' in stack 'devbox'");
            }
            refused(run(bob, "web", command, "--owner", "alice"), ExitCode.FORBIDDEN,
                    "Only an admin of this stack can act for another developer ('--owner alice'): you are bob.");
        }
        refused(bob.run("list", "--all"), ExitCode.FORBIDDEN, "Only an admin of this stack sees every developer's");
        assertEquals(0, world.json(bob.run("list", "-o", "json")).size(), "bob sees none of alice's projects");
        assertFalse(bob.run("ssh-config", "--print").out().contains("devbox-web"), "nor her boxes in ssh-config");
        assertEquals(before, fingerprint(), "no command of bob's changed anything");

        JsonNode mine = world.json(alice.run("list", "-o", "json"));
        assertEquals(1, mine.size());
        assertEquals("alice", mine.get(0).get("ownerName").asText());
        ok(alice.run("terminate", "web", "--wait", "--timeout", "2"));
    }

    @Test
    void an_admin_acts_for_the_owner_only_by_naming_them_and_the_project_stays_theirs() throws Exception {
        deploy(Map.of());
        ok(alice.run("launch", "web"));
        ok(bob.run("launch", "api"));
        String before = fingerprint();

        refused(carol.run("terminate", "web"), ExitCode.NOT_FOUND, "No project 'web'"); // carol has none
        refused(carol.run("terminate", "web", "--owner", "bob"), ExitCode.NOT_FOUND, "No project 'web'");
        refused(carol.run("launch", "fresh", "--owner", "alice"), ExitCode.USAGE, "a new project belongs to whoever launches it");
        assertEquals(before, fingerprint());

        String everyone = carol.run("list", "--all").out();
        assertTrue(everyone.contains("web (alice)") && everyone.contains("api (bob)"), everyone);
        assertEquals(0, world.json(carol.run("list", "-o", "json")).size(), "without --all: carol's own, none");
        assertEquals("api", world.json(carol.run("list", "--owner", "bob", "-o", "json")).get(0).get("project").asText());

        ok(carol.run("terminate", "web", "--owner", "alice", "--wait", "--timeout", "2"));
        JsonNode status = world.json(alice.run("status", "web", "-o", "json"));
        assertEquals("READY", status.get("state").asText());
        assertEquals("alice", status.get("ownerName").asText(), "an admin's action does not change the owner");
        ok(carol.run("launch", "web", "--owner", "alice"));
        assertEquals("alice", world.json(alice.run("status", "web", "-o", "json")).get("ownerName").asText());
        refused(bob.run("terminate", "web"), ExitCode.NOT_FOUND, "No project 'web'");

        ok(alice.run("terminate", "web", "--wait", "--timeout", "2"));
        ok(bob.run("terminate", "api", "--wait", "--timeout", "2"));
    }

    @Test
    void two_developers_each_have_their_own_web_through_whole_save_cycles() throws Exception {
        deploy(Map.of());
        ok(alice.run("launch", "web"));
        ok(bob.run("launch", "web"));
        ok(alice.run("terminate", "web", "--wait", "--timeout", "2"));
        ok(bob.run("terminate", "web", "--wait", "--timeout", "2"));
        JsonNode hers = world.json(alice.run("status", "web", "-o", "json"));
        JsonNode his = world.json(bob.run("status", "web", "-o", "json"));
        assertEquals("READY", hers.get("state").asText());
        assertEquals("READY", his.get("state").asText());
        assertEquals("alice", hers.get("ownerName").asText());
        assertEquals("bob", his.get("ownerName").asText());
        assertFalse(hers.get("imageId").asText().equals(his.get("imageId").asText()), "two saves, two AMIs");

        // Each relaunch resumes its own developer's save.
        JsonNode again = world.json(bob.run("launch", "web", "-o", "json"));
        assertEquals(his.get("imageId").asText(), again.get("imageId").asText(), again.toString());
        assertEquals(1, world.json(bob.run("list", "-o", "json")).size());
        assertEquals("web", world.json(bob.run("list", "-o", "json")).get(0).get("project").asText());
        assertEquals("READY", world.json(alice.run("status", "web", "-o", "json")).get("state").asText(),
                "bob's launch did not touch alice's web");

        String everyone = carol.run("list", "--all").out();
        assertTrue(everyone.contains("web (alice)") && everyone.contains("web (bob)"), everyone);
        assertEquals(his.get("imageId").asText(),
                world.json(carol.run("history", "web", "--owner", "bob", "-o", "json")).get("generations").get(0)
                        .get("imageId").asText(), "an admin naming bob reaches his web");
        ok(bob.run("terminate", "web", "--wait", "--timeout", "2"));
        ok(bob.run("delete", "web", "--yes"));
        assertEquals("READY", world.json(alice.run("status", "web", "-o", "json")).get("state").asText(),
                "deleting bob's web leaves alice's");
        String bobsKey = dev.devbox.domain.OwnerNamespace.key(dev.devbox.domain.ProjectName.of("web"), "bob").value();
        refused(alice.run("status", bobsKey), ExitCode.NOT_FOUND, "No project '" + bobsKey + "'"); // his key is a name to her
    }

    @Test
    void the_team_rules_refuse_a_launch_before_anything_changes() throws Exception {
        deploy(Map.of("MaxRunningBoxesPerOwner", "1", "MaxVolumeGiB", "50", "AllowedSshCidrs", "10.20.0.0/16",
                "AllowedInstanceTypes", "t3.*,m7g.*,!*.metal*"));
        ok(alice.run("launch", "web"));
        String before = fingerprint();

        refused(alice.run("launch", "api"), ExitCode.POLICY,
                "alice already has 1 box(es) running (web), the most this stack allows (MaxRunningBoxesPerOwner 1)");
        refused(bob.run("launch", "api", "--instance-type", "p5.48xlarge"), ExitCode.POLICY,
                "Instance type p5.48xlarge is not allowed in this stack (AllowedInstanceTypes: t3.*, m7g.*, !*.metal*)");
        refused(bob.run("launch", "api", "--instance-type", "m7g.metal"), ExitCode.POLICY, "is not allowed");
        // With a range that would be allowed: the refusal must come before port 22 is opened for it.
        refused(bob.run("launch", "api", "--volume-size", "51", "--ssh-cidr", "10.20.0.0/24"), ExitCode.POLICY,
                "A 51 GiB volume is more than this stack allows (MaxVolumeGiB 50)");
        refused(bob.run("launch", "api", "--ssh-cidr", "0.0.0.0/0"), ExitCode.POLICY, "the whole internet");
        refused(bob.run("launch", "api", "--ssh-cidr", "10.30.0.0/24"), ExitCode.POLICY,
                "SSH may not be opened to 10.30.0.0/24 in this stack: only to your own address or within"
                        + " AllowedSshCidrs (10.20.0.0/16).");
        refused(bob.run("launch", "api", "--ssh-cidr", "10.20.1.2/8"), ExitCode.USAGE, "did you mean 10.0.0.0/8?");
        assertEquals(before, fingerprint(), "no refused launch changed anything");

        ok(bob.run("launch", "api", "--ssh-cidr", "10.20.4.0/24", "--volume-size", "50"));
        assertTrue(aws.ec2().describeSecurityGroups().securityGroups().stream()
                .flatMap(g -> g.ipPermissions().stream()).flatMap(p -> p.ipRanges().stream())
                .anyMatch(r -> r.cidrIp().equals("10.20.4.0/24")), "a range within AllowedSshCidrs is opened");
        ok(alice.run("terminate", "web", "--wait", "--timeout", "2"));
        ok(alice.run("launch", "api2"));
        ok(alice.run("terminate", "api2", "--wait", "--timeout", "2"));
        ok(bob.run("terminate", "api", "--wait", "--timeout", "2"));
    }
}
