package dev.devbox.cli.box.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One boot of the guest image under qemu: a throw-away copy-on-write overlay over the cached image (so every
 * boot is a fresh instance), the NoCloud seed as a second disk, the serial console in a file, SSH forwarded to
 * a loopback port, and user-mode networking on EC2's link-local range so that 169.254.169.254 reaches the
 * fake IMDS. {@code -no-reboot} and ACPI poweroff make qemu exit when the guest shuts down: the box ending.
 */
public final class QemuGuest implements AutoCloseable {
    private final Process qemu;
    private final Path console;
    private final Path overlay;
    private final long startedNanos;

    private QemuGuest(Process qemu, Path console, Path overlay) {
        this.qemu = qemu;
        this.console = console;
        this.overlay = overlay;
        this.startedNanos = System.nanoTime();
    }

    /** Boots {@code image} with {@code seed}; returns at once (the guest boots in the background). */
    public static QemuGuest boot(GuestImage image, Path seed, Path dir, int sshPort, int imdsPort,
            Accelerator accel) throws IOException {
        Path overlay = dir.resolve("root.qcow2");
        List<String> mkOverlay = List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw",
                "-b", image.rootImage().toAbsolutePath().toString(), overlay.toString());
        Commands.run(mkOverlay, Duration.ofSeconds(60)).orThrow(mkOverlay);
        Path console = dir.resolve("console.log");
        Files.deleteIfExists(console);
        // guestfwd runs the command once per guest connection, its stdin/stdout being the connection; bash's
        // /dev/tcp relays it to the fake IMDS. The guest address must lie in the user network, hence net=.
        String relay = "/bin/bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + imdsPort + "; cat <&3 & exec cat >&3'";
        String netdev = "user,id=net0,net=169.254.0.0/16,host=169.254.0.2,dns=169.254.0.3,dhcpstart=169.254.0.15"
                + ",hostfwd=tcp:127.0.0.1:" + sshPort + "-:22"
                + ",guestfwd=tcp:169.254.169.254:80-cmd:" + relay;
        List<String> argv = new ArrayList<>(List.of("qemu-system-x86_64", "-nodefaults", "-display", "none",
                "-no-reboot", "-m", "1024", "-smp", "2"));
        argv.addAll(accel.qemuArgs());
        argv.addAll(List.of(
                "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
                "-append", "root=/dev/vda rw console=ttyS0 net.ifnames=0",
                "-drive", "file=" + overlay + ",if=virtio,format=qcow2",
                "-drive", "file=" + seed + ",if=virtio,format=raw,readonly=on",
                "-netdev", netdev, "-device", "virtio-net-pci,netdev=net0",
                "-serial", "file:" + console, "-rtc", "base=utc"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile()).start();
        p.getOutputStream().close();
        // A test JVM that is killed must not leave a guest running (and, under TCG, eating the CPUs).
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return new QemuGuest(p, console, overlay);
    }

    /** A free loopback TCP port (closed again; qemu binds it a moment later). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return qemu.isAlive();
    }

    /** Seconds since qemu was started. */
    public double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Everything the guest wrote to its serial console so far. */
    public String console() {
        try {
            return Files.exists(console) ? new String(Files.readAllBytes(console), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path consoleFile() {
        return console;
    }

    /** Waits for qemu to exit (the guest powered off); returns its exit code, or -1 if still running. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? qemu.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (qemu.isAlive()) {
            qemu.destroy();
            if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
                qemu.destroyForcibly().waitFor();
            }
        }
        try {
            Files.deleteIfExists(overlay); // the guest's writes: hundreds of MB, of no use after the boot
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
