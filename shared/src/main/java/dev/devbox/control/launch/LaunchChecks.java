package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import dev.devbox.control.ControlRefusal.Kind;

import java.util.Base64;
import java.util.regex.Pattern;

/** The asks of a launch that are wrong whatever the stack's rules say: refused before anything is read or changed. */
final class LaunchChecks {
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    private static final Pattern IMAGE_ID = Pattern.compile("ami-[0-9a-z]{8,32}");
    /** A portable Linux user name (useradd's default rule), as ssh's user@host takes it. */
    static final Pattern SSH_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    private LaunchChecks() {
    }

    static void check(LaunchAsk ask) {
        if (ask.instanceType() != null && !INSTANCE_TYPE.matcher(ask.instanceType()).matches()) {
            throw refuse("'" + ask.instanceType() + "' is not an EC2 instance type (like t3.small).");
        }
        if (ask.volumeSizeGiB() != null && (ask.volumeSizeGiB() < BoxLaunches.MIN_VOLUME_GIB
                || ask.volumeSizeGiB() > BoxLaunches.MAX_VOLUME_GIB)) {
            throw refuse("--volume-size must be between " + BoxLaunches.MIN_VOLUME_GIB + " and "
                    + BoxLaunches.MAX_VOLUME_GIB + " GiB.");
        }
        Integer rate = ask.initRateMiBs();
        if (rate != null && (rate < BoxLaunches.MIN_INIT_RATE || rate > BoxLaunches.MAX_INIT_RATE)) {
            throw refuse("--init-rate must be between " + BoxLaunches.MIN_INIT_RATE + " and "
                    + BoxLaunches.MAX_INIT_RATE + " MiB/s (AWS's range for a provisioned volume-initialization"
                    + " rate); got " + rate + ".");
        }
        if (ask.idleMinutes() != null && (ask.idleMinutes() < 0 || ask.idleMinutes() > BoxLaunches.MAX_IDLE_MINUTES)) {
            throw refuse("--idle must be 0 (off) or a number of minutes up to " + BoxLaunches.MAX_IDLE_MINUTES
                    + " (a week); got " + ask.idleMinutes() + ".");
        }
        if (ask.fallsBack() && !ask.wantsSpot()) {
            throw refuse("--spot-fallback goes with --spot (it says what to do when Spot has no capacity).");
        }
        if (ask.fromGeneration() != null && ask.fromGeneration() < 1) {
            throw refuse("--from takes a generation number (1 or more): 'devbox history' lists them.");
        }
        if (ask.image() != null && !IMAGE_ID.matcher(ask.image()).matches()) {
            throw refuse("--image takes an AMI id (like ami-0abcdef1234567890); got '" + ask.image() + "'.");
        }
        if (ask.image() != null && ask.fromGeneration() != null) {
            throw refuse("--image starts a new project from an AMI and --from resumes a saved generation: pass one.");
        }
        if (ask.sshUser() != null) {
            checkSshUser(ask.sshUser(), "--ssh-user");
        }
        if ((ask.keyName() == null) == (ask.publicKey() == null)) {
            throw refuse("A launch names exactly one key: an EC2 key pair (keyName) or a public key to import"
                    + " (publicKey).");
        }
        if (ask.userData() != null) {
            if (ask.userData().length() > BoxLaunches.MAX_USER_DATA_BASE64) {
                throw refuse("The box's user data is " + ask.userData().length() + " characters of base64; EC2"
                        + " takes at most 16 KiB (" + BoxLaunches.MAX_USER_DATA_BASE64 + " characters).");
            }
            try {
                Base64.getDecoder().decode(ask.userData());
            } catch (IllegalArgumentException e) {
                throw refuse("The box's user data is not base64, as RunInstances takes it.");
            }
        }
    }

    /** @param from where the name came from, for the message (the option, or the image's tag) */
    static void checkSshUser(String user, String from) {
        if (!SSH_USER.matcher(user).matches()) {
            throw refuse(from + " '" + user + "' is not a Linux user name: lowercase letters, digits, '_' and '-',"
                    + " starting with a letter or '_', at most 32 characters (like ubuntu or ec2-user).");
        }
    }

    private static ControlRefusal refuse(String message) {
        return new ControlRefusal(Kind.BAD_REQUEST, message);
    }
}
