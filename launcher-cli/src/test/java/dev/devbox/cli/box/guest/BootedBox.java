package dev.devbox.cli.box.guest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A box as devbox would have it: the guest image booted once with a NoCloud seed carrying the given user data
 * and the test's public key, a fake IMDS answering for the same instance id, and SSH as the AMI's user.
 */
public final class BootedBox implements AutoCloseable {
    public static final String USER = "ubuntu";
    private final QemuGuest guest;
    private final GuestSsh ssh;
    private final FakeImds imds;
    private final String instanceId;

    private BootedBox(QemuGuest guest, GuestSsh ssh, FakeImds imds, String instanceId) {
        this.guest = guest;
        this.ssh = ssh;
        this.imds = imds;
        this.instanceId = instanceId;
    }

    public static BootedBox boot(GuestImage image, Accelerator accel, Path dir, String instanceId, byte[] userData)
            throws IOException {
        GuestSsh ssh = GuestSsh.withNewKey(dir, QemuGuest.freePort(), USER);
        FakeImds imds = new FakeImds(Map.of(
                "/latest/meta-data/instance-id", instanceId,
                "/latest/meta-data/instance-type", "t3.small",
                "/latest/meta-data/public-keys/0/openssh-key", ssh.publicKey()));
        try {
            Path seed = NoCloudSeed.write(dir, instanceId, "devbox-boxtest", ssh.publicKey(), userData);
            QemuGuest guest = QemuGuest.boot(image, seed, dir, ssh.port(), imds.port(), accel);
            return new BootedBox(guest, ssh, imds, instanceId);
        } catch (IOException | RuntimeException e) {
            imds.close();
            throw e;
        }
    }

    /**
     * Waits until an SSH login works; returns the seconds since qemu started. Fails early, with the console's
     * end, if qemu exits first.
     */
    public double awaitSsh(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!guest.isRunning()) {
                throw new AssertionError("the guest stopped before SSH answered; console ends:\n" + consoleTail());
            }
            if (ssh.run("true", Duration.ofSeconds(30)).exitCode() == 0) {
                return guest.uptimeSeconds();
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("no SSH login within " + timeout.toSeconds() + "s; console ends:\n" + consoleTail());
    }

    public String consoleTail() {
        String text = guest.console();
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    public QemuGuest guest() {
        return guest;
    }

    public GuestSsh ssh() {
        return ssh;
    }

    public FakeImds imds() {
        return imds;
    }

    public String instanceId() {
        return instanceId;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            guest.close();
        } finally {
            imds.close();
        }
    }
}
