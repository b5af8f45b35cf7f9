package dev.devbox.cli.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the bash suite of the idle script (src/test/bash/idle_test.sh), one JUnit test per bash
 * test, and lints the script, the suite and the rendered user data with shellcheck when it is on
 * PATH ({@link BashSuites}).
 */
class IdleScriptTest {
    private static final Path BOX = BashSuites.BOX;
    private static final Path SCRIPT = BOX.resolve("devbox-idle.sh");
    private static final Path TEMPLATE = BOX.resolve("user-data.sh.tmpl");
    private static final Path SUITE = Path.of("src/test/bash/idle_test.sh");
    /** EC2 refuses user data over 16 KiB (before base64); keep room for what the CLI may add. */
    private static final int USER_DATA_BUDGET = 12 * 1024;

    @TestFactory
    Stream<DynamicTest> bash_suite() {
        return BashSuites.tests(SUITE, "the idle script's tests need it");
    }

    @Test
    void shellcheck_finds_nothing(@TempDir Path tmp) throws IOException {
        Path rendered = tmp.resolve("user-data.sh");
        Files.writeString(rendered, render(60, 10));
        BashSuites.Result result = BashSuites.shellcheck(List.of(SCRIPT, SUITE, BashSuites.SHARED, TEMPLATE, rendered));
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
        for (String placeholder : List.of("@IDLE_MINUTES@", "@WARN_MINUTES@", "@IDLE_SCRIPT@",
                "@SPOT_WATCH_SCRIPT@", "@SSH_USER@")) {
            assertEquals(template.indexOf(placeholder), template.lastIndexOf(placeholder), placeholder);
            assertTrue(template.contains(placeholder), placeholder);
        }
    }

    /** The rendering the CLI does: literal replacement, no escaping needed (quoted heredoc). */
    private static String render(int idleMinutes, int warnMinutes) throws IOException {
        return Files.readString(TEMPLATE)
                .replace("@IDLE_MINUTES@", Integer.toString(idleMinutes))
                .replace("@WARN_MINUTES@", Integer.toString(warnMinutes))
                .replace("@SSH_USER@", "ubuntu")
                .replace("@IDLE_SCRIPT@", Files.readString(SCRIPT))
                .replace("@PREVIOUS_ENDING@", "")
                .replace("@LAST_SESSION_SCRIPT@", Files.readString(BOX.resolve("devbox-last-session.sh")))
                .replace("@SPOT_WATCH_SCRIPT@", Files.readString(BOX.resolve("devbox-spot-watch.sh")));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
