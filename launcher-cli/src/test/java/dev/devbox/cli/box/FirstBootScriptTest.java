package dev.devbox.cli.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.devbox.cli.project.BoxUserData;
import dev.devbox.cli.project.FirstBootSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-boot part (first-boot.sh.tmpl, devbox-dotfiles.sh) under bash with fake git, runuser
 * and getent (src/test/bash/first_boot_test.sh), and shellcheck over the scripts, the suite and
 * a part rendered by the CLI.
 */
class FirstBootScriptTest {
    private static final Path SUITE = Path.of("src/test/bash/first_boot_test.sh");

    @TestFactory
    Stream<DynamicTest> bash_suite() {
        assumeTrue(BashSuites.onPath("python3").isPresent(), "python3 is not on PATH: the suite renders with it");
        return BashSuites.tests(SUITE, "the first-boot tests need it");
    }

    @Test
    void shellcheck_finds_nothing(@TempDir Path tmp) throws IOException {
        Path script = tmp.resolve("setup.sh");
        Files.writeString(script, "#!/bin/bash\napt-get install -y ripgrep\n");
        Path rendered = tmp.resolve("first-boot.sh");
        String whole = BoxUserData.render(60, FirstBootSetup.of(script, "https://github.com/you/dotfiles.git"));
        int start = whole.indexOf("#!/bin/bash\n# devbox first-boot setup");
        assertTrue(start > 0, "the multi-part document has the first-boot part");
        Files.writeString(rendered, whole.substring(start, whole.indexOf("\n--==devbox-part-boundary", start) + 1));
        BashSuites.Result result = BashSuites.shellcheck(List.of(BashSuites.BOX.resolve("first-boot.sh.tmpl"),
                BashSuites.BOX.resolve("devbox-dotfiles.sh"), SUITE, rendered));
        assertEquals(0, result.exitCode(), result.output());
    }
}
