package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A launch's asks that are wrong whatever the rules say, at each edge of each range. */
class LaunchChecksTest {
    private static final String KEY = "ssh-ed25519 AAAA";

    private static LaunchAsk ask(String type, Integer volume, Integer idle, Boolean spot, Boolean fallback, Long from,
                                 Integer rate, String keyName, String publicKey, String userData) {
        return new LaunchAsk(type, volume, idle, spot, fallback, from, rate, keyName, publicKey, userData);
    }

    private static void ok(LaunchAsk ask) {
        assertDoesNotThrow(() -> LaunchChecks.check(ask));
    }

    private static void refused(LaunchAsk ask, String says) {
        ControlRefusal e = assertThrows(ControlRefusal.class, () -> LaunchChecks.check(ask));
        assertEquals(ControlRefusal.Kind.BAD_REQUEST, e.kind());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void theEdgesOfEveryRangeAreAcceptedAndOneBeyondIsRefused() {
        ok(ask("t3.small", 8, 0, null, null, 1L, 100, null, KEY, null));
        ok(ask("m7g.2xlarge", 16384, BoxLaunches.MAX_IDLE_MINUTES, true, true, null, 300, null, KEY, null));
        refused(ask(null, 7, null, null, null, null, null, null, KEY, null), "--volume-size");
        refused(ask(null, 16385, null, null, null, null, null, null, KEY, null), "--volume-size");
        refused(ask(null, null, null, null, null, null, 99, null, KEY, null), "--init-rate");
        refused(ask(null, null, null, null, null, null, 301, null, KEY, null), "--init-rate");
        refused(ask(null, null, -1, null, null, null, null, null, KEY, null), "--idle");
        refused(ask(null, null, BoxLaunches.MAX_IDLE_MINUTES + 1, null, null, null, null, null, KEY, null), "--idle");
        refused(ask(null, null, null, null, null, 0L, null, null, KEY, null), "--from");
    }

    @Test
    void typesKeysFallbacksAndUserDataMustBeWellFormed() {
        refused(ask("T3.SMALL", null, null, null, null, null, null, null, KEY, null), "not an EC2 instance type");
        refused(ask("t3", null, null, null, null, null, null, null, KEY, null), "not an EC2 instance type");
        refused(ask(null, null, null, false, true, null, null, null, KEY, null), "--spot-fallback goes with --spot");
        refused(ask(null, null, null, null, true, null, null, null, KEY, null), "--spot-fallback goes with --spot");
        refused(ask(null, null, null, null, null, null, null, null, null, null), "exactly one key");
        refused(ask(null, null, null, null, null, null, null, "mine", KEY, null), "exactly one key");
        ok(ask(null, null, null, null, null, null, null, "mine", null, null));
        refused(ask(null, null, null, null, null, null, null, null, KEY, "not base64!"), "not base64");
        String limit = "A".repeat(BoxLaunches.MAX_USER_DATA_BASE64);
        ok(ask(null, null, null, null, null, null, null, null, KEY, limit));
        refused(ask(null, null, null, null, null, null, null, null, KEY, limit + "AAAA"), "16 KiB");
    }

    private static LaunchAsk imaged(String image, String sshUser, Long from) {
        return new LaunchAsk(null, null, null, null, null, from, null, null, KEY, null, image, sshUser);
    }

    @Test
    void anImageIsAnAmiIdAndNotWithFromAndAnSshUserIsALinuxUserName() {
        ok(imaged("ami-0abcdef1234567890", "ec2-user", null));
        ok(imaged("ami-12345678", "_svc", null));
        ok(imaged(null, "a" + "b".repeat(31), null));
        refused(imaged("ami-1234567", null, null), "--image takes an AMI id");
        refused(imaged("snap-0abcdef1234567890", null, null), "--image takes an AMI id");
        refused(imaged("ami-0abcdef1234567890", null, 2L), "--image starts a new project");
        refused(imaged(null, "Ubuntu", null), "is not a Linux user name");
        refused(imaged(null, "1user", null), "is not a Linux user name");
        refused(imaged(null, "root;rm", null), "is not a Linux user name");
        refused(imaged(null, "a" + "b".repeat(32), null), "is not a Linux user name");
        refused(imaged(null, "", null), "is not a Linux user name");
    }
}
