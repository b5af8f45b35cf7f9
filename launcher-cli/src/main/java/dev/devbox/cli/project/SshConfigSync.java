package dev.devbox.cli.project;

import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.ssh.LocalPublicKey;
import dev.devbox.cli.ssh.ProxyCommandLine;
import dev.devbox.cli.ssh.SshConfigEditor;
import dev.devbox.cli.ssh.SshHost;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.devbox.control.read.BoxView;

/** The `Host devbox-PROJECT` block of ~/.ssh/config: what it should hold, and writing it. */
public final class SshConfigSync {
    private SshConfigSync() {
    }

    /** The default file: ~/.ssh/config. */
    public static Path defaultFile(Path home) {
        return home.resolve(".ssh").resolve("config");
    }

    /** One entry per running box of the caller's projects, with the user's key when it is the box's key pair. */
    public static List<SshHost> hosts(Projects projects, Path home) {
        return hosts(projects, home, List.of());
    }

    /**
     * As {@link #hosts(Projects, Path)}; a private box's entry connects through {@code devbox proxy},
     * run with {@code selection} (the options that chose the stack).
     */
    public static List<SshHost> hosts(Projects projects, Path home, List<String> selection) {
        return hosts(projects, home, selection, false);
    }

    /**
     * With {@code wake}, also saved (READY) projects, and every entry connects through
     * {@code devbox proxy --wake}, which starts a saved project's box when ssh connects.
     */
    public static List<SshHost> hosts(Projects projects, Path home, List<String> selection, boolean wake) {
        Optional<LocalPublicKey> key = LocalPublicKey.discover(home);
        List<SshHost> hosts = new ArrayList<>();
        for (Projects.Detail d : projects.list(false)) {
            Project p = d.project();
            Optional<BoxView> box = d.box();
            boolean running = p.state() == ProjectState.RUNNING && box.isPresent() && box.get().address() != null;
            if (wake && (running || p.state() == ProjectState.READY)) {
                // A saved project's next box gets the user's own key, as 'devbox launch' imports it.
                String identity = key.filter(k -> !running || k.keyPairName().equals(box.get().keyName()))
                        .flatMap(LocalPublicKey::privateKeyFile).map(Path::toString).orElse(null);
                hosts.add(new SshHost("devbox-" + p.name(), running ? box.get().address() : null, p.loginUser(),
                        identity, ProxyCommandLine.of(selection, "--wake", p.name().value())));
                continue;
            }
            if (!running) {
                continue;
            }
            String identity = key.filter(k -> k.keyPairName().equals(box.get().keyName()))
                    .flatMap(LocalPublicKey::privateKeyFile).map(Path::toString).orElse(null);
            String proxy = box.get().privateBox() ? ProxyCommandLine.of(selection, p.name().value()) : null;
            hosts.add(new SshHost("devbox-" + p.name(), box.get().address(), p.loginUser(), identity, proxy));
        }
        return hosts;
    }

    /**
     * After a launch: rewrites the block if ~/.ssh/config already has this stack's block (the user
     * asked for it once with `devbox ssh-config`); never creates one. A failure is a note, not a
     * failed launch.
     *
     * @return true when the file changed
     */
    public static boolean refreshIfManaged(Projects projects, Path home) {
        return refreshIfManaged(projects, home, List.of());
    }

    /** As {@link #refreshIfManaged(Projects, Path)}, private boxes' entries run devbox with {@code selection}. */
    public static boolean refreshIfManaged(Projects projects, Path home, List<String> selection) {
        // A block written with --wake stays one: its entries are what the user's editor connects through.
        Path file = defaultFile(home);
        String stack = projects.aws().stackName();
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            String before = Files.readString(file, StandardCharsets.UTF_8);
            if (!before.contains(SshConfigEditor.beginMarker(stack))) {
                return false;
            }
            boolean wake = before.contains(" proxy --wake ");
            String after = SshConfigEditor.apply(before, stack, hosts(projects, home, selection, wake));
            if (after.equals(before)) {
                return false;
            }
            write(file, after);
            projects.ui().info("Updated the devbox block of " + file + " ('ssh devbox-PROJECT' uses the new address).");
            return true;
        } catch (IOException | RuntimeException e) {
            projects.ui().info("Could not refresh the devbox block of " + file + " (" + e.getMessage()
                    + "): run 'devbox ssh-config'.");
            return false;
        }
    }

    /** Writes beside the target and moves over it, so a crash never leaves half a config. */
    public static void write(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its own defaults apply
            }
        }
        Path tmp = Files.createTempFile(dir, ".devbox-ssh-config", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, Files.exists(target)
                        ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new ConfigurationException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
