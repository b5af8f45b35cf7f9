package dev.devbox.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs the pinned moto into its own virtualenv once, and copies devbox's
 * launcher script beside it. Safe when several JVMs start at once: a file lock
 * serialises the install and a marker file records that it finished.
 */
public final class MotoInstaller {
    private static final String LAUNCHER = "devbox_moto.py";
    private static final String BASE_IMAGES = "base-amis.json";
    private static final long INSTALL_TIMEOUT_MINUTES = 15;

    private final EmulatorHome home;

    public MotoInstaller(EmulatorHome home) {
        this.home = home;
    }

    /** Returns the launcher script to run with {@link EmulatorHome#python()}. */
    public Path ensureInstalled() {
        Path venv = home.virtualenv();
        Path marker = venv.resolve(".devbox-installed");
        try {
            Files.createDirectories(home.directory());
            try (FileChannel channel = FileChannel.open(home.directory().resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.exists(marker)) {
                    install(venv);
                    Files.writeString(marker, home.motoVersion() + System.lineSeparator());
                }
                return copyLauncher(venv);
            }
        } catch (IOException e) {
            throw new EmulatorException("Could not prepare the emulator in " + venv + ": " + e.getMessage(), e);
        }
    }

    private void install(Path venv) throws IOException {
        String python = findPython();
        run(List.of(python, "-m", "venv", "--clear", venv.toString()), "create a Python virtualenv");
        run(List.of(home.python().toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "moto[server]==" + home.motoVersion()), "install moto " + home.motoVersion());
    }

    private static String findPython() {
        for (String candidate : List.of("python3", "python")) {
            try {
                Process probe = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not on PATH; try the next name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new EmulatorException("The local emulator needs Python 3.9+ with venv on PATH (python3): install it and retry.");
    }

    private static void run(List<String> command, String what) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new EmulatorException("Could not " + what + " (" + String.join(" ", command) + "):\n"
                        + new String(output, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new EmulatorException("Interrupted while trying to " + what, e);
        }
    }

    /** The base images the emulator starts with (two Canonical Ubuntu 24.04 AMIs, one other owner's GPU image). */
    Path baseImages() throws IOException {
        return copyResource(home.virtualenv(), BASE_IMAGES);
    }

    private static Path copyLauncher(Path venv) throws IOException {
        return copyResource(venv, LAUNCHER);
    }

    private static Path copyResource(Path venv, String name) throws IOException {
        Path target = venv.resolve(name);
        try (InputStream in = MotoInstaller.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new EmulatorException(name + " is missing from the devbox-emulator jar");
            }
            Path temporary = Files.createTempFile(venv, name, ".tmp");
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }
}
