package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.cli.CliRunner;
import dev.devbox.cli.ExitCode;
import dev.devbox.cli.project.BoxUserData;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Idle auto-persist wiring, first-boot setup, Spot, --init-rate, SSH rule housekeeping and costs,
 * through Devbox.run.
 */
@ExtendWith(EmulatorExtension.class)
class BoxFeaturesIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    LocalWorld world;
    Ec2Requests requests;
    CliRunner cli;

    @BeforeEach
    void bootstrap(LocalAws aws) {
        world = new LocalWorld(aws, home);
        requests = new Ec2Requests();
        // Boxes are started by the control plane: its RunInstances is seen on its own client.
        world.controlEc2.add(requests);
        cli = world.cli.withInterceptor(requests);
    }

    static CliRunner.Result ok(CliRunner.Result r) {
        assertEquals(ExitCode.OK, r.exitCode(), r::toString);
        return r;
    }

    static JsonNode json(CliRunner.Result r) throws Exception {
        return JSON.readTree(ok(r).out());
    }

    Map<String, String> tags(Instance box) {
        return box.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    RunInstancesRequest lastRun() {
        List<RunInstancesRequest> runs = requests.of(RunInstancesRequest.class);
        assertFalse(runs.isEmpty(), "no RunInstances was sent");
        return runs.get(runs.size() - 1);
    }

    // ------------------------------------------------------------------ idle ----

    @Test
    void launch_passes_the_rendered_idle_user_data_and_tags_the_limit() throws Exception {
        JsonNode launched = json(cli.run("launch", "alpha", "--idle", "90", "-o", "json"));
        assertEquals(90, launched.get("idleMinutes").asInt());

        String userData = BoxUserData.decode(lastRun().userData());
        assertTrue(userData.startsWith("#!/bin/bash\n"), userData);
        assertTrue(userData.contains("idle_minutes='90'"), "idle minutes filled in");
        assertTrue(userData.contains("warn_minutes='10'"), "warning minutes filled in");
        assertTrue(userData.contains("usage: devbox-idle [status|check|hold [DURATION]|release|help]"),
                "the idle script is embedded");
        assertFalse(userData.matches("(?s).*@[A-Z_]+@.*"), "no placeholder left");

        Instance box = world.instancesOf("alpha").get(0);
        assertEquals("90", tags(box).get("devbox:idle-minutes"));
        // What EC2 stored is what was sent (base64 of the gzipped script).
        String stored = world.aws.ec2().describeInstanceAttribute(r -> r.instanceId(box.instanceId())
                .attribute("userData")).userData().value();
        assertEquals(userData, BoxUserData.decode(stored));
    }

    @Test
    void status_says_the_deadline_cannot_be_known_until_the_box_reports_it() throws Exception {
        ok(cli.run("launch", "alpha"));
        CliRunner.Result text = cli.run("status", "alpha");
        assertEquals(ExitCode.OK, text.exitCode(), text::toString);
        assertTrue(text.out().contains("terminates itself after 60 idle minutes (no SSH session)"), text::toString);
        assertTrue(text.out().contains("the deadline can't be known from outside the box"), text::toString);
        JsonNode json = json(cli.run("status", "alpha", "-o", "json"));
        assertEquals(60, json.get("idle").get("minutes").asInt());
        assertTrue(json.get("idle").get("deadline").isNull());
    }

    @Test
    void status_shows_the_deadline_the_box_printed_on_its_console() throws Exception {
        ok(cli.run("launch", "alpha", "--idle", "30"));
        String console = "[  OK  ] Started devbox-idle.service\n"
                + "devbox-idle: state=active deadline=2026-11-21T10:30:00Z idle-minutes=30 note=\"first check since boot\"\n"
                + "devbox-idle: state=idle deadline=2026-11-21T11:45:00Z idle-minutes=30\n";
        // The control plane reads the console for the box's owner: its EC2 client's answer is rewritten.
        world.controlEc2.add(new Ec2Requests().rewriting(r -> r instanceof GetConsoleOutputResponse g
                ? g.toBuilder().output(Base64.getEncoder().encodeToString(console.getBytes(StandardCharsets.UTF_8))).build()
                : r));
        CliRunner reporting = world.cli;
        CliRunner.Result text = reporting.run("status", "alpha");
        assertTrue(text.out().contains("idle: terminates at 2026-11-21T11:45:00Z unless someone logs in"), text::toString);
        JsonNode json = json(reporting.run("status", "alpha", "-o", "json"));
        assertEquals("idle", json.get("idle").get("phase").asText());
        assertEquals("2026-11-21T11:45:00Z", json.get("idle").get("deadline").asText());
    }

    @Test
    void idle_zero_turns_the_timer_off_and_bad_values_change_nothing() throws Exception {
        ok(cli.run("launch", "alpha", "--idle", "0"));
        assertTrue(BoxUserData.decode(lastRun().userData()).contains("idle_minutes='0'"));
        assertTrue(cli.run("status", "alpha").out().contains("off (--idle 0)"));

        String before = world.snapshotOfWorld();
        for (String bad : List.of("-5", "20000", "soon")) {
            CliRunner.Result r = cli.run("launch", "beta", "--idle", bad);
            assertEquals(ExitCode.USAGE, r.exitCode(), r::toString);
            assertTrue(r.err().contains("--idle") || r.err().contains("'" + bad + "'"), r::toString);
        }
        assertEquals(before, world.snapshotOfWorld());
    }

    // ------------------------------------------------------------ first boot ----

    /** What EC2 stored as the box's user data (moto keeps it), decoded. */
    String storedUserData(Instance box) {
        return BoxUserData.decode(world.aws.ec2().describeInstanceAttribute(r -> r.instanceId(box.instanceId())
                .attribute("userData")).userData().value());
    }

    @Test
    void a_new_project_s_first_box_gets_the_user_s_script_and_dotfiles_after_devbox_s_own_part() throws Exception {
        String script = "#!/bin/bash\napt-get install -y ripgrep\necho \"set up for $USER\" > /etc/motd.d/setup\n";
        Path file = Files.writeString(home.resolve("setup.sh"), script);
        CliRunner.Result launched = ok(cli.run("launch", "alpha", "--user-data", file.toString(), "--dotfiles",
                "https://github.com/you/dotfiles.git"));
        assertTrue(launched.out().contains("First boot runs setup.sh and your dotfiles once (on the box:"
                + " /var/log/cloud-init-output.log, /var/log/devbox-dotfiles.log)"), launched::toString);

        String sent = BoxUserData.decode(lastRun().userData());
        assertEquals(sent, storedUserData(world.instancesOf("alpha").get(0)), "what EC2 keeps is what was sent");
        assertTrue(sent.startsWith("Content-Type: multipart/mixed; boundary="), sent);
        int own = sent.indexOf("Content-Type: text/x-shellscript; charset=\"utf-8\"\nMIME-Version: 1.0\n"
                + "Content-Transfer-Encoding: 7bit\nContent-Disposition: attachment; filename=\"10-devbox.sh\"\n\n"
                + BoxUserData.render(60));
        int firstBoot = sent.indexOf("filename=\"20-devbox-first-boot.sh\"");
        assertTrue(own > 0 && firstBoot > own, "devbox's own part, then the first-boot part");
        assertTrue(sent.indexOf("<<'DEVBOX_USER_SCRIPT_END'\n" + script + "DEVBOX_USER_SCRIPT_END\n") > firstBoot,
                "the user's script, byte for byte");
        assertTrue(sent.contains("dotfiles_url='https://github.com/you/dotfiles.git'"));
    }

    @Test
    void a_cloud_config_reaches_the_box_as_its_own_part() throws Exception {
        String config = "#cloud-config\npackages:\n  - jq\n";
        Path file = Files.writeString(home.resolve("config.yaml"), config);
        ok(cli.run("launch", "alpha", "--user-data", file.toString()));
        String sent = storedUserData(world.instancesOf("alpha").get(0));
        assertTrue(sent.contains("Content-Type: text/cloud-config; charset=\"utf-8\"\nMIME-Version: 1.0\n"
                + "Content-Transfer-Encoding: 7bit\nContent-Disposition: attachment;"
                + " filename=\"30-user-cloud-config.yaml\"\n\n" + config + "\n--"), sent);
        assertFalse(sent.contains("20-devbox-first-boot.sh"), "nothing for the first-boot script to do");
    }

    @Test
    void bad_user_data_files_and_dotfiles_urls_are_refused_before_any_aws_call() throws Exception {
        Path binary = Files.write(home.resolve("tool"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0});
        Path plain = Files.writeString(home.resolve("notes.txt"), "apt-get install jq\n");
        Path empty = Files.writeString(home.resolve("empty.sh"), "");
        StringBuilder noise = new StringBuilder("#!/bin/bash\n: '");
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 30_000; i++) {
            noise.append((char) ('a' + random.nextInt(26)));
        }
        Path huge = Files.writeString(home.resolve("huge.sh"), noise.append("'\n"));
        Map<List<String>, String> cases = Map.of(
                List.of("--user-data", home.resolve("missing.sh").toString()), "no such file",
                List.of("--user-data", binary.toString()), "is a binary file",
                List.of("--user-data", plain.toString()), "starts with 'apt-get install jq'",
                List.of("--user-data", empty.toString()), "is empty",
                List.of("--user-data", huge.toString()), "bytes gzipped, over EC2's limit of 16384",
                List.of("--dotfiles", "https://github.com/you/dots;reboot"), "--dotfiles takes an https:// or SSH git URL",
                List.of("--dotfiles", "http://github.com/you/dots"), "use https://");
        String before = world.snapshotOfWorld();
        for (var c : cases.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("launch", "alpha"));
            args.addAll(c.getKey());
            CliRunner.Result r = cli.run(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, r.exitCode(), r::toString);
            assertTrue(r.err().contains(c.getValue()), r::toString);
            assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r::toString);
        }
        assertTrue(requests.seen.isEmpty(), "no AWS call: " + requests.seen);
        assertEquals(before, world.snapshotOfWorld());
    }

    // ------------------------------------------------------------------ spot ----

    @Test
    void spot_launch_requests_a_one_time_spot_box_that_terminates_on_interruption() throws Exception {
        JsonNode launched = json(cli.run("launch", "alpha", "--spot", "-o", "json"));
        assertEquals("spot", launched.get("market").asText());
        RunInstancesRequest run = lastRun();
        assertEquals("spot", run.instanceMarketOptions().marketTypeAsString());
        assertEquals("one-time", run.instanceMarketOptions().spotOptions().spotInstanceTypeAsString());
        assertEquals("terminate", run.instanceMarketOptions().spotOptions().instanceInterruptionBehaviorAsString());
        assertEquals(InstanceLifecycleType.SPOT, world.instancesOf("alpha").get(0).instanceLifecycle());

        JsonNode status = json(cli.run("status", "alpha", "-o", "json"));
        assertEquals("spot", status.get("market").asText());
        assertTrue(status.get("spotPriceUsdPerHour").decimalValue().signum() > 0, status::toString);
        assertEquals("SPOT_GIVEN", status.get("runningCost").get("rate").asText());
        CliRunner.Result text = cli.run("status", "alpha");
        assertTrue(text.out().contains("Spot (one-time"), text::toString);
        assertTrue(text.out().contains("USD/h in"), text::toString);

        JsonNode list = json(cli.run("list", "-o", "json"));
        assertEquals("spot", list.get(0).get("market").asText());
        assertTrue(cli.run("list").out().contains(" spot"));
    }

    @Test
    void no_spot_capacity_is_one_clear_line_and_releases_the_claim() throws Exception {
        world.controlEc2.add(new Ec2Requests().refusing(
                r -> r instanceof RunInstancesRequest run && run.instanceMarketOptions() != null,
                "InsufficientInstanceCapacity"));
        CliRunner refusing = world.cli;
        CliRunner.Result r = refusing.run("launch", "alpha", "--spot");
        assertEquals(ExitCode.AWS, r.exitCode(), r::toString);
        assertTrue(r.err().contains("No Spot capacity"), r::toString);
        assertTrue(r.err().contains("--spot-fallback") && r.err().contains("without --spot"), r::toString);
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r::toString);
        assertTrue(world.instancesOf("alpha").isEmpty(), "nothing started");

        JsonNode status = json(cli.run("status", "alpha", "-o", "json"));
        assertEquals("FAILED", status.get("state").asText(), "not left LAUNCHING");
        assertEquals("LAUNCHING", status.get("failureStage").asText());

        // The same project launches again, on demand, with --spot-fallback.
        CliRunner.Result fallback = refusing.run("launch", "alpha", "--spot", "--spot-fallback", "-o", "json");
        JsonNode launched = json(fallback);
        assertEquals("on-demand", launched.get("market").asText());
        assertTrue(launched.get("spotFallback").asBoolean());
        assertTrue(fallback.err().contains("starting on demand instead"), fallback::toString);
        Instance box = world.instancesOf("alpha").get(0);
        assertNull(box.instanceLifecycle(), "an on-demand box");
    }

    @Test
    void spot_fallback_without_spot_is_bad_usage() {
        CliRunner.Result r = cli.run("launch", "alpha", "--spot-fallback");
        assertEquals(ExitCode.USAGE, r.exitCode(), r::toString);
        assertTrue(requests.of(RunInstancesRequest.class).isEmpty());
    }

    // ------------------------------------------------------------- init rate ----

    @Test
    void init_rate_is_set_on_every_mapping_restored_from_a_snapshot_and_status_says_what_it_knows() throws Exception {
        JsonNode launched = json(cli.run("launch", "alpha", "--init-rate", "250", "-o", "json"));
        assertEquals(250, launched.get("initRateMiBs").asInt());
        RunInstancesRequest run = lastRun();
        assertFalse(run.blockDeviceMappings().isEmpty());
        run.blockDeviceMappings().forEach(m -> assertEquals(250, m.ebs().volumeInitializationRate(), m.deviceName()));
        assertEquals("250", tags(world.instancesOf("alpha").get(0)).get("devbox:init-rate"));

        CliRunner.Result status = cli.run("status", "alpha");
        assertTrue(status.out().contains("initializing at 250 MiB/s, about 2 minutes for 20 GiB"), status::toString);
        assertTrue(status.out().contains("EC2 reports no progress here"), status::toString);
    }

    @Test
    void init_rate_outside_100_to_300_is_refused_before_any_aws_call() {
        for (String bad : List.of("99", "301", "0")) {
            CliRunner.Result r = cli.run("launch", "alpha", "--init-rate", bad);
            assertEquals(ExitCode.USAGE, r.exitCode(), r::toString);
            assertTrue(r.err().contains("between 100 and 300"), r::toString);
        }
        assertTrue(requests.seen.isEmpty(), "no AWS call: " + requests.seen);
    }

    @Test
    void without_init_rate_no_mapping_carries_one() throws Exception {
        ok(cli.run("launch", "alpha"));
        lastRun().blockDeviceMappings().forEach(m -> assertNull(m.ebs().volumeInitializationRate()));
    }

    // -------------------------------------------------------------- ssh rules ----

    List<IpRange> sshRules() {
        return world.aws.ec2().describeSecurityGroups(r -> r.groupIds(world.outputs.get("SecurityGroupId")))
                .securityGroups().get(0).ipPermissions().stream()
                .filter(p -> p.fromPort() != null && p.fromPort() == 22)
                .flatMap(p -> p.ipRanges().stream()).toList();
    }

    @Test
    void terminate_closes_the_box_s_port_22_rule() throws Exception {
        ok(cli.run("launch", "alpha", "--ssh-cidr", "198.51.100.7/32"));
        assertEquals(List.of("198.51.100.7/32"), sshRules().stream().map(IpRange::cidrIp).toList());
        assertEquals("devbox alpha", sshRules().get(0).description());
        assertEquals("198.51.100.7/32", tags(world.instancesOf("alpha").get(0)).get("devbox:ssh-cidr"));

        CliRunner.Result t = cli.run("terminate", "alpha");
        assertEquals(ExitCode.OK, t.exitCode(), t::toString);
        assertTrue(sshRules().isEmpty(), () -> "rule left: " + sshRules());
    }

    @Test
    void a_rule_shared_by_two_boxes_stays_until_the_last_one_ends() throws Exception {
        ok(cli.run("launch", "alpha", "--ssh-cidr", "198.51.100.7/32"));
        ok(cli.run("launch", "beta", "--ssh-cidr", "198.51.100.7/32"));
        assertEquals(1, sshRules().size());
        ok(cli.run("terminate", "alpha"));
        assertEquals(1, sshRules().size(), "beta still needs it");
        ok(cli.run("terminate", "beta"));
        assertTrue(sshRules().isEmpty());
    }

    @Test
    void a_box_ended_outside_devbox_leaves_a_stale_rule_that_the_next_launch_removes() throws Exception {
        ok(cli.run("launch", "alpha", "--ssh-cidr", "198.51.100.7/32"));
        String boxId = world.instancesOf("alpha").get(0).instanceId();
        world.aws.ec2().terminateInstances(r -> r.instanceIds(boxId)); // the console, or poweroff in the box
        // An admin's own rule without devbox's description is never touched.
        world.aws.ec2().authorizeSecurityGroupIngress(r -> r.groupId(world.outputs.get("SecurityGroupId"))
                .ipPermissions(p -> p.ipProtocol("tcp").fromPort(22).toPort(22)
                        .ipRanges(ip -> ip.cidrIp("203.0.113.0/24").description("office"))));

        CliRunner.Result launched = cli.run("launch", "beta", "--ssh-cidr", "192.0.2.9/32");
        assertEquals(ExitCode.OK, launched.exitCode(), launched::toString);
        assertTrue(launched.err().contains("Closed port 22 to 198.51.100.7/32"), launched::toString);
        assertEquals(List.of("192.0.2.9/32", "203.0.113.0/24"),
                sshRules().stream().map(IpRange::cidrIp).sorted().toList());
    }

    @Test
    void launch_refreshes_an_existing_ssh_config_block_and_never_creates_one() throws Exception {
        ok(cli.run("launch", "alpha"));
        Path config = home.resolve(".ssh/config");
        assertFalse(Files.exists(config), "no block unless the user asked for one");

        Files.writeString(config, "Host work\n  HostName work.example\n");
        ok(cli.run("ssh-config"));
        ok(cli.run("launch", "beta"));
        String after = Files.readString(config);
        assertTrue(after.startsWith("Host work\n  HostName work.example\n"), after);
        assertTrue(after.contains("Host devbox-alpha") && after.contains("Host devbox-beta"), after);
    }

    // ------------------------------------------------------------------ cost ----

    @Test
    void status_and_list_estimate_a_running_box_s_cost_with_the_prices_date() throws Exception {
        ok(cli.run("launch", "alpha", "--instance-type", "t3.large"));
        JsonNode status = json(cli.run("status", "alpha", "-o", "json"));
        JsonNode running = status.get("runningCost");
        assertEquals("ON_DEMAND_LIST", running.get("rate").asText());
        assertEquals(0, running.get("instanceUsdPerHour").decimalValue().compareTo(new java.math.BigDecimal("0.0832")));
        assertTrue(running.get("totalUsd").decimalValue().signum() > 0);
        assertNotNull(running.get("pricesAsOf").asText());
        assertEquals(0, status.get("snapshotStorage").get("usdPerMonth").decimalValue().signum(), "nothing saved yet");

        CliRunner.Result text = cli.run("status", "alpha");
        assertTrue(text.out().contains("Cost so far"), text::toString);
        assertTrue(text.out().contains("AWS list prices as of"), text::toString);

        JsonNode list = json(cli.run("list", "-o", "json"));
        assertTrue(list.get(0).get("runningCost").get("totalUsd").decimalValue().signum() > 0, list::toString);
        CliRunner.Result listText = cli.run("list");
        assertTrue(listText.out().contains("BOX COST") && listText.out().contains("STORAGE"), listText::toString);
    }
}
