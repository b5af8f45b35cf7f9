package dev.devbox.cli.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.devbox.cli.box.guest.Accelerator;
import dev.devbox.cli.box.guest.BootedBox;
import dev.devbox.domain.SessionEnding;
import dev.devbox.cli.box.guest.GuestImage;
import dev.devbox.cli.project.BoxUserData;
import dev.devbox.domain.IdleReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The box side on a real Linux guest (docs/boxtest.md): cloud-init runs the user data `devbox launch` sends,
 * systemd runs the idle timer, real SSH logins, tmux and `devbox-idle hold` keep the box up, and the real
 * shutdown ends it (qemu exits). Skipped, with the reason, where the guest image or qemu is missing; CI builds
 * the image first ({@code boxtest/build-image.sh}).
 */
class BoxGuestIT {
    /** The smallest limit `--idle` takes short of 0 (off): one minute, the timer's own period. */
    private static final int IDLE_MINUTES = 1;
    private static final Duration TIMER_PERIOD = Duration.ofMinutes(1);
    /** Past the limit plus a full timer period plus the timer's accuracy and the check's own run. */
    private static final Duration PAST_THE_LIMIT = Duration.ofMinutes(IDLE_MINUTES).plus(TIMER_PERIOD)
            .plusSeconds(20);
    private static final Duration SSH_TIMEOUT = Duration.ofMinutes(10);
    private static final Path TIMINGS = Path.of("target/boxtest/timings.txt");
    private static final List<String> timings = new ArrayList<>();

    private static GuestImage image;
    private static Accelerator accel;
    private static String skipReason;

    /** Finds the image and tools once; every test is then skipped with the same one-line reason, or runs. */
    @BeforeAll
    static void findGuest() {
        skipReason = whyNoGuest();
        if (skipReason == null) {
            accel = Accelerator.choose();
            record("image " + image.dir().getFileName() + " built in " + image.buildSeconds() + "s; qemu accel "
                    + accel.name());
        } else {
            System.out.println("boxtest: SKIPPED: " + skipReason);
        }
    }

    @BeforeEach
    void guestAvailable() {
        assumeTrue(skipReason == null, () -> "box tests skipped: " + skipReason);
    }

    private static String whyNoGuest() {
        if ("off".equals(System.getenv("DEVBOX_BOXTEST"))) {
            return "DEVBOX_BOXTEST=off";
        }
        for (String tool : List.of("qemu-system-x86_64", "qemu-img", "genisoimage", "ssh", "ssh-keygen", "bash")) {
            if (!onPath(tool)) {
                return tool + " is not on PATH (.ci/run installs qemu-system-x86, qemu-utils, genisoimage)";
            }
        }
        GuestImage.Lookup lookup = GuestImage.find(Path.of("..").toAbsolutePath().normalize());
        if (lookup.image().isEmpty()) {
            return "no guest image (" + lookup.missingBecause() + ")";
        }
        image = lookup.image().get();
        return null;
    }

    @AfterAll
    static void writeTimings() throws IOException {
        if (!timings.isEmpty()) {
            Files.createDirectories(TIMINGS.getParent());
            Files.write(TIMINGS, timings);
        }
    }

    @Test
    void idle_timer_keeps_a_used_or_held_box_and_powers_it_off_after_the_last_logout() throws Exception {
        Path dir = bootDir("boot1-idle");
        // What `devbox launch --idle 1` sends as RunInstances' UserData, unwrapped from base64 only.
        byte[] userData = Base64.getDecoder().decode(BoxUserData.encoded(IDLE_MINUTES));
        try (BootedBox box = BootedBox.boot(image, accel, dir, "i-0b0c5e57000000001", userData)) {
            double sshAt = box.awaitSsh(SSH_TIMEOUT);
            record("boot 1 (idle " + IDLE_MINUTES + " min): SSH after " + secs(sshAt));

            // A person logs in and works in tmux, attached.
            Process attached = box.ssh().openSession("tmux new-session -s work", dir.resolve("session.txt"));
            awaitGuest(box, "tmux list-clients -t work", out -> !out.isBlank(), Duration.ofSeconds(60),
                    "the attached tmux client never showed up");

            String status = box.ssh().check("cloud-init status --wait");
            assertTrue(status.contains("status: done"), "cloud-init did not finish cleanly: " + status);
            record("boot 1: cloud-init done after " + secs(box.guest().uptimeSeconds()));
            assertUserDataRanOnce(box, BoxUserData.render(IDLE_MINUTES));
            assertEquals("IDLE_MINUTES=1\nWARN_MINUTES=0\n", box.ssh().check("cat /etc/devbox-idle.conf"),
                    "the user data wrote another idle config");
            assertEquals("enabled\nactive\n",
                    box.ssh().check("systemctl is-enabled devbox-idle.timer; systemctl is-active devbox-idle.timer"),
                    "the idle timer is not enabled and active");
            assertImdsServesThisInstance(box);

            IdleReport first = awaitIdleLine(box, phase -> true, Duration.ofMinutes(2));
            assertEquals("active", first.phase(), "first console state line: " + first.toString());
            assertEquals(Integer.toString(IDLE_MINUTES), String.valueOf(first.minutes()), "idle minutes on the console: " + first.toString());
            Instant.parse(first.deadline()); // `devbox status` shows it as a time

            String paneTty = box.ssh().check("tmux display-message -p -t work '#{pane_tty}'").strip()
                    .replace("/dev/", "");
            // Kept for the record: Debian's tmux lists its panes in utmp, the defect this test first showed.
            Files.writeString(dir.resolve("who-while-attached.txt"), box.ssh().check("who"));
            String inUse = box.ssh().check("devbox-idle status");
            assertTrue(inUse.matches("(?s).*in use: +terminal pts/\\d+: tmux.*"),
                    "the attached tmux client is not counted as use:\n" + inUse);
            assertFalse(inUse.contains("terminal " + paneTty + ":"),
                    "the shell inside tmux (" + paneTty + ") counted as use:\n" + inUse);

            // Nothing but the attached session for longer than the limit plus a timer period.
            Thread.sleep(PAST_THE_LIMIT.toMillis());
            assertUp(box, "with an attached tmux session open");
            assertEquals("active", lastIdleLine(box).phase(), "console state while attached");
            record("boot 1: attached tmux held the box " + PAST_THE_LIMIT.toSeconds() + "s past its last check");

            // Hold, then detach (the tmux server and its shell live on): no session at all, only the hold.
            // In this order: with a 1-minute limit, one check that sees neither use nor hold ends the box.
            String held = box.ssh().check("devbox-idle hold 15m");
            assertTrue(held.startsWith("held until "), "devbox-idle hold said: " + held);
            box.ssh().check("tmux detach-client -s work");
            assertTrue(attached.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "ssh did not end on detach");
            long heldAt = System.nanoTime();
            IdleReport heldLine = awaitIdleLine(box, "held"::equals, TIMER_PERIOD.multipliedBy(2).plusSeconds(30));
            record("boot 1: state=held on the console " + secs(since(heldAt)) + " after the hold's logout");
            Thread.sleep(Math.max(0, PAST_THE_LIMIT.toMillis() - (long) (since(heldAt) * 1000)));
            assertUp(box, "during a hold with nobody logged in");
            assertEquals("held", lastIdleLine(box).phase(), "console state during the hold: " + heldLine.toString());
            record("boot 1: the hold kept the box " + secs(since(heldAt)) + " with no session (limit "
                    + IDLE_MINUTES + " min)");

            // Release, leaving only the detached tmux: the box must go within the limit plus one period.
            String released = box.ssh().check("devbox-idle release && tmux list-sessions");
            assertTrue(released.contains("work:"), "the detached tmux session should still run: " + released);
            long releasedAt = System.nanoTime();
            awaitIdleLine(box, "shutdown"::equals, Duration.ofMinutes(IDLE_MINUTES).plus(TIMER_PERIOD).plusSeconds(15));
            double decided = since(releasedAt);
            int exit = box.guest().awaitExit(Duration.ofSeconds(90));
            assertEquals(0, exit, exit == -1 ? "the guest did not power off after state=shutdown; console:\n"
                    + box.consoleTail() : "qemu exited " + exit);
            record("boot 1: after release (detached tmux still running) state=shutdown after " + secs(decided)
                    + ", powered off after " + secs(since(releasedAt)) + "; whole boot " + secs(box.guest().uptimeSeconds()));
        }
    }

    /**
     * One boot for the rest of the box side (each boot costs minutes under TCG): a first-boot setup, the login
     * message about the previous box, a Spot notice, and the end by `sudo poweroff`. The CLI never sends a
     * first-boot setup and a previous ending together (one is for new projects, the other for saved ones); the
     * box's scripts do not depend on each other, so one boot checks both.
     */
    @Test
    void first_boot_setup_login_message_spot_notice_and_sudo_poweroff() throws Exception {
        Path dir = bootDir("boot2-first-boot-spot-poweroff");
        Path script = Files.writeString(dir.resolve("setup.sh"),
                "#!/bin/bash\nset -eu\necho \"first boot for $(id -un)\" > /home/ubuntu/first-boot.txt\n");
        SessionEnding previous = new SessionEnding(6, SessionEnding.Cause.CLI, Instant.parse("2026-12-07T10:14:55Z"));
        byte[] userData = Base64.getDecoder().decode(BoxUserData.encoded(BoxUserData.DEFAULT_IDLE_MINUTES,
                Optional.of(previous), BootedBox.USER, dev.devbox.cli.project.FirstBootSetup.of(script, null)));
        try (BootedBox box = BootedBox.boot(image, accel, dir, "i-0b0c5e57000000002", userData)) {
            double sshAt = box.awaitSsh(SSH_TIMEOUT);
            record("boot 2 (default idle " + BoxUserData.DEFAULT_IDLE_MINUTES + " min, --user-data, multi-part):"
                    + " SSH after " + secs(sshAt));
            box.ssh().check("cloud-init status --wait");

            // The first-boot part ran once, as root, after devbox's own; a second run stops at its marker.
            assertEquals("first boot for root", box.ssh().check("cat /home/ubuntu/first-boot.txt").strip());
            String marker = box.ssh().check("cat /var/lib/devbox/first-boot-done").strip();
            assertTrue(marker.matches("ran \\S+Z user-data=0 dotfiles=none"), marker);
            assertEquals("10-devbox.sh\n20-devbox-first-boot.sh",
                    box.ssh().check("sudo ls /var/lib/cloud/instance/scripts").strip(), "cloud-init's two scripts");
            String failures = box.ssh().check("sudo grep -i -E 'scripts-user.*(fail|error)' /var/log/cloud-init.log"
                    + " || true");
            assertTrue(failures.isBlank(), "cloud-init reports the user data failed:\n" + failures);
            String again = box.ssh().check("sudo bash /var/lib/cloud/instance/scripts/20-devbox-first-boot.sh");
            assertTrue(again.contains("already ran on this project's first box"), again);
            record("boot 2: the first-boot setup ran once; a second run stopped at its marker");

            // A person logs in with a terminal and stays; the checks before this login may well say idle.
            Process login = box.ssh().openSession("bash -l", dir.resolve("session.txt"));
            awaitGuest(box, "who", out -> out.contains("pts/"), Duration.ofSeconds(60),
                    "the interactive login never showed up in who");
            // pam_motd ran update-motd.d for that login (Debian and Ubuntu alike).
            String motd = box.ssh().check("cat /run/motd.dynamic");
            assertTrue(motd.contains("Your last session (generation 6) ended 2026-12-07 10:14 UTC: 'devbox terminate'"
                    + " ended it, and devbox saved it."), "the login message: " + motd);
            record("boot 2: the login message says how the previous box ended");
            IdleReport line = awaitIdleLine(box, "active"::equals, TIMER_PERIOD.multipliedBy(2).plusSeconds(30));
            assertEquals(Integer.toString(BoxUserData.DEFAULT_IDLE_MINUTES), String.valueOf(line.minutes()), line.toString());

            // The two-minute Spot notice: the watcher records the ending, runs the user's hook, and leaves the end to AWS.
            box.ssh().check("mkdir -p ~/.config/devbox && printf '#!/bin/sh\\necho \"hook $1\" > ~/hook.txt\\n'"
                    + " > ~/.config/devbox/on-interrupt && chmod +x ~/.config/devbox/on-interrupt");
            String end = Instant.now().plusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            long noticeAt = System.nanoTime();
            box.imds().put("/latest/meta-data/spot/instance-action",
                    "{\"action\":\"terminate\",\"time\":\"" + end + "\"}");
            awaitGuest(box, "cat ~/hook.txt 2>/dev/null", out -> out.contains("hook " + end), Duration.ofSeconds(90),
                    "the on-interrupt hook did not run");
            assertEquals("spot-interruption " + end, box.ssh().check("cat /var/lib/devbox/ending").strip());
            // "ready" comes after the wall, the sync, the hook and the second sync.
            assertTrue(box.guest().console().contains("devbox-spot-watch: ready"), box.consoleTail());
            // wall folds long lines at 79 columns: the message's start is on one line.
            awaitFile(dir.resolve("session.txt"), "devbox: AWS is reclaiming this Spot box", Duration.ofSeconds(30));
            assertEquals(-1, box.guest().awaitExit(Duration.ofSeconds(5)), "the watcher leaves the ending to AWS");
            record("boot 2: Spot notice handled (the logged-in session warned, the hook ran) " + secs(since(noticeAt))
                    + " after it was posted");

            long poweroffAt = System.nanoTime();
            // Typed in that login; the session ends with the box, so ssh's exit says nothing; qemu's exit does.
            login.getOutputStream().write("sudo poweroff\n".getBytes(StandardCharsets.UTF_8));
            login.getOutputStream().flush();
            int exit = box.guest().awaitExit(Duration.ofSeconds(120));
            assertEquals(0, exit, exit == -1 ? "still running 120s after sudo poweroff; console:\n" + box.consoleTail()
                    : "qemu exited " + exit);
            login.destroy();
            assertEquals("active", lastIdleLine(box).phase(), "the idle timer, not poweroff, ended the box");
            record("boot 2: sudo poweroff ended the box after " + secs(since(poweroffAt)) + "; whole boot "
                    + secs(box.guest().uptimeSeconds()));
        }
    }

    /** A fresh directory under target/boxtest: the console, qemu's log and the session transcript stay there. */
    private static Path bootDir(String name) throws IOException {
        Path dir = TIMINGS.getParent().resolve(name);
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** cloud-init received devbox's exact rendering, unpacked it, and ran it once, successfully. */
    private static void assertUserDataRanOnce(BootedBox box, String rendered) throws NoSuchAlgorithmException {
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(rendered.getBytes(StandardCharsets.UTF_8)));
        String scripts = box.ssh().check("sudo sha256sum /var/lib/cloud/instance/scripts/*");
        assertEquals(1, scripts.lines().count(), "cloud-init made more than one script of the user data: " + scripts);
        assertTrue(scripts.startsWith(expected + " "), "the script cloud-init ran is not devbox's rendering: "
                + scripts);
        String runs = box.ssh().check("sudo grep -c 'Running module scripts-user' /var/log/cloud-init.log || true");
        assertEquals("1", runs.strip(), "cloud-init's scripts-user module ran " + runs.strip() + " times");
        String failures = box.ssh().check("sudo grep -i -E 'scripts-user.*(fail|error)|part-001.*(fail|error)'"
                + " /var/log/cloud-init.log || true");
        assertTrue(failures.isBlank(), "cloud-init reports the user data failed:\n" + failures);
    }

    /** The fake IMDS answers IMDSv2 only, through 169.254.169.254 as on EC2. */
    private static void assertImdsServesThisInstance(BootedBox box) {
        String id = box.ssh().check("t=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60'"
                + " http://169.254.169.254/latest/api/token) && curl -sf -H \"X-aws-ec2-metadata-token: $t\""
                + " http://169.254.169.254/latest/meta-data/instance-id");
        assertEquals(box.instanceId(), id.strip(), "instance id from the metadata service");
        String v1 = box.ssh().check("curl -s -o /dev/null -w '%{http_code}'"
                + " http://169.254.169.254/latest/meta-data/instance-id");
        assertEquals("401", v1.strip(), "an IMDSv1 request (no token) must be refused");
        assertTrue(box.imds().requests().contains("PUT /latest/api/token 200"), "IMDS saw: " + box.imds().requests());
    }

    private static IdleReport awaitIdleLine(BootedBox box, Predicate<String> phase, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<IdleReport> last = IdleReport.latestIn(box.guest().console());
            if (last.isPresent() && phase.test(last.get().phase())) {
                return last.get();
            }
            if (System.nanoTime() > deadline) {
                fail("no matching devbox-idle state line on the console within " + timeout.toSeconds() + "s (last: "
                        + last.map(IdleReport::toString).orElse("none") + "); console ends:\n" + box.consoleTail());
            }
            Thread.sleep(1000);
        }
    }

    private static IdleReport lastIdleLine(BootedBox box) {
        return IdleReport.latestIn(box.guest().console())
                .orElseThrow(() -> new AssertionError("no devbox-idle line on the console"));
    }

    private static void awaitGuest(BootedBox box, String command, Predicate<String> done, Duration timeout,
            String failure) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = box.ssh().run(command, Duration.ofSeconds(30)).output();
            if (done.test(out)) {
                return;
            }
            Thread.sleep(1000);
        }
        fail(failure + " (last output: " + out + ")");
    }

    /** The logged-in session's terminal, as ssh relays it: what `wall` wrote to it. */
    private static void awaitFile(Path file, String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("the logged-in session never showed: " + text + "\nsession:\n" + Files.readString(file));
            }
            Thread.sleep(500);
        }
    }

    private static void assertUp(BootedBox box, String when) {
        assertTrue(box.guest().isRunning(), "the box powered off " + when + "; console ends:\n" + box.consoleTail());
        assertFalse(box.guest().console().contains("state=shutdown"), "the idle check decided to shut down " + when);
    }

    private static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static String secs(double seconds) {
        return String.format("%.0fs", seconds);
    }

    private static void record(String line) {
        timings.add(line);
        System.out.println("boxtest: " + line);
    }

    private static boolean onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return true;
            }
        }
        return false;
    }
}
