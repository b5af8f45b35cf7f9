package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.junit.EmulatorExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user installs it with install.sh: the command runs with no Java on
 * PATH and no JAVA_HOME (its own runtime), against a stack through its control plane; local mode
 * comes with the second archive; installing again keeps working; --uninstall leaves nothing.
 */
@ExtendWith(EmulatorExtension.class)
class ReleaseIT {
    private static final Path RELEASE = Path.of("target", "release").toAbsolutePath();
    private static final Path INSTALL = Path.of("..", "install.sh").toAbsolutePath().normalize();
    /** What bin/devbox and install.sh use; java is deliberately not among them. */
    private static final List<String> TOOLS = List.of("sh", "bash", "dirname", "readlink", "ls", "cksum", "cut",
            "mkdir", "mv", "rm", "cp", "tar", "gzip", "mktemp", "sed", "head", "cat", "ln", "env", "uname", "tr");

    @TempDir
    Path home;

    record Run(int exit, String out, String err) {
    }

    private static Optional<Path> archive(String prefix) throws IOException {
        if (!Files.isDirectory(RELEASE)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(RELEASE)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".tar.gz")).findFirst();
        }
    }

    /** A PATH with the shell tools and no java. */
    private Path toolsWithoutJava() throws IOException {
        Path bin = Files.createDirectories(home.resolve("tools"));
        for (String tool : TOOLS) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path real = Path.of(dir, tool);
                if (Files.isExecutable(real) && !Files.exists(bin.resolve(tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), real);
                }
            }
        }
        assertFalse(Files.exists(bin.resolve("java")));
        return bin;
    }

    private Run run(Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), command + " did not finish");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void installed_from_the_archive_it_runs_without_a_jdk_and_uninstalls_cleanly(LocalAws aws) throws Exception {
        Optional<Path> command = archive("devbox-0");
        Optional<Path> local = archive("devbox-local-");
        assumeTrue(command.isPresent() && local.isPresent(),
                "release: SKIPPED, no archive in target/release (the build's JDK has no jlink)");
        Path prefix = home.resolve("prefix");
        Path tools = toolsWithoutJava();
        Map<String, String> noJava = Map.of("HOME", home.toString(), "PATH", tools.toString(),
                "DEVBOX_PREFIX", prefix.toString());

        // No archive named: the command's archive built here, never local mode's beside it.
        Run installed = run(noJava, List.of("bash", INSTALL.toString()));
        assertEquals(0, installed.exit(), installed.toString());
        Path devbox = prefix.resolve("bin/devbox");
        assertTrue(Files.isSymbolicLink(devbox), installed.toString());
        assertTrue(Files.isRegularFile(prefix.resolve("share/bash-completion/completions/devbox")));
        assertTrue(Files.readString(prefix.resolve("share/bash-completion/completions/devbox")).contains("terminate"));

        // A man page per command, from picocli's model, linked where man looks for ~/.local/bin's commands.
        for (String page : List.of("devbox", "devbox-launch", "devbox-ssh", "devbox-terminate", "devbox-completion")) {
            Path link = prefix.resolve("share/man/man1/" + page + ".1.gz");
            assertTrue(Files.isSymbolicLink(link), page + ": " + installed);
            String roff = gunzip(link);
            assertTrue(roff.contains(".TH \"" + page.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-") + "\" \"1\""), roff);
        }
        assertTrue(gunzip(prefix.resolve("share/man/man1/devbox-launch.1.gz")).contains("\\-\\-instance\\-type"),
                "the launch page lists its options");
        try (Stream<Path> archives = Files.list(home.resolve(".cache/devbox/cds"))) {
            assertTrue(archives.anyMatch(f -> f.toString().endsWith(".jsa")),
                    "install.sh wrote this installation's class-data archive");
        }
        Run version = run(noJava, List.of(devbox.toString(), "--version"));
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.out().matches("(?s)devbox \\S+ \\(commit \\S+\\)\nJava 17.*"), version.out());
        assertTrue(version.out().contains(prefix.resolve("share/devbox").toString()),
                "its own runtime, not a JDK's: " + version.out());

        // Against a stack: the client on its own runtime, through the control plane.
        PipelineWorld world = new PipelineWorld(aws, home);
        try {
            Map<String, String> stack = new java.util.HashMap<>(world.runtime.environment());
            stack.putAll(noJava);
            Run launched = run(stack, List.of(devbox.toString(), "launch", "web", "--key",
                    home.resolve(".ssh/id_ed25519.pub").toString()));
            assertEquals(0, launched.exit(), launched.toString());
            Run list = run(stack, List.of(devbox.toString(), "list"));
            assertEquals(0, list.exit(), list.toString());
            assertTrue(list.out().contains("web"), list.out());
        } finally {
            world.close();
        }

        Run noLocal = run(noJava, List.of(devbox.toString(), "local"));
        assertEquals(3, noLocal.exit(), noLocal.toString());
        assertTrue(noLocal.err().contains("install.sh --local"), noLocal.toString());
        Run withLocal = run(noJava, List.of("bash", INSTALL.toString(), "--local", local.get().toString()));
        assertEquals(0, withLocal.exit(), withLocal.toString());
        Run again = run(noJava, List.of("bash", INSTALL.toString(), command.get().toString()));
        assertEquals(0, again.exit(), "installing again: " + again);
        assertTrue(Files.isDirectory(prefix.resolve("share/devbox/current/lib/local")), "local mode kept");

        // Local mode on the bundled runtime: the demo needs python for its emulator, so the real PATH.
        Map<String, String> demoEnv = Map.of("HOME", home.toString(), "PATH", System.getenv("PATH"),
                "DEVBOX_EMULATOR_HOME", dev.devbox.emulator.EmulatorHome.resolve().directory().toString());
        Run demo = run(demoEnv, List.of(devbox.toString(), "demo"));
        assertEquals(0, demo.exit(), demo.toString());
        assertTrue(demo.out().contains("Demo complete"), demo.out());

        Run removed = run(noJava, List.of("bash", INSTALL.toString(), "--uninstall"));
        assertEquals(0, removed.exit(), removed.toString());
        assertFalse(Files.exists(devbox, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(prefix.resolve("share/devbox")));
        assertFalse(Files.exists(prefix.resolve("share/bash-completion/completions/devbox")));
        try (Stream<Path> pages = Files.list(prefix.resolve("share/man/man1"))) {
            assertEquals(List.of(), pages.toList(), "no man page link left");
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
