package dev.devbox.cli.box;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the bash suite of the login message about the previous box (src/test/bash/last_session_test.sh),
 * one JUnit test per bash test, and lints the script and the suite with shellcheck when it is on PATH.
 */
class LastSessionScriptTest {
    private static final Path SUITE = Path.of("src/test/bash/last_session_test.sh");

    @TestFactory
    Stream<DynamicTest> bash_suite() {
        return BashSuites.tests(SUITE, "the login message script's tests need it");
    }

    @Test
    void shellcheck_finds_nothing() {
        BashSuites.Result result = BashSuites.shellcheck(
                List.of(BashSuites.BOX.resolve("devbox-last-session.sh"), SUITE));
        assertEquals(0, result.exitCode(), result.output());
    }
}
