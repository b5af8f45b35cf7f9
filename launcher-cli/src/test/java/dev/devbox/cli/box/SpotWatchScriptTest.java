package dev.devbox.cli.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Spot interruption watcher (devbox-spot-watch.sh) under bash against a fake IMDSv2 on
 * loopback (src/test/bash/spot_watch_test.sh, fake_imds.py), and shellcheck over both.
 */
class SpotWatchScriptTest {
    private static final Path SUITE = Path.of("src/test/bash/spot_watch_test.sh");

    @TestFactory
    Stream<DynamicTest> bash_suite() {
        assumeTrue(BashSuites.onPath("python3").isPresent(), "python3 is not on PATH: the fake IMDS needs it");
        assumeTrue(BashSuites.onPath("curl").isPresent(), "curl is not on PATH: the watcher needs it");
        return BashSuites.tests(SUITE, "the Spot watcher's tests need it");
    }

    @Test
    void shellcheck_finds_nothing() {
        BashSuites.Result result = BashSuites.shellcheck(List.of(BashSuites.BOX.resolve("devbox-spot-watch.sh"), SUITE));
        assertEquals(0, result.exitCode(), result.output());
    }
}
