package dev.devbox.cli.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellCompactionTest {
    @TempDir
    Path dir;

    @Test
    void comment_and_blank_lines_go_the_shebang_and_code_with_trailing_comments_stay() {
        String script = "#!/bin/bash\n# why\n\nset -e  # strict\n  # indented\nx=1\n";
        assertEquals("#!/bin/bash\nset -e  # strict\nx=1\n", ShellCompaction.compact(script));
    }

    @Test
    void a_here_document_body_stays_byte_for_byte_whatever_its_lines_look_like() {
        String script = "cat <<'EOF'\n# not a comment\n\n  indented\nEOF\n# gone\ncat <<-X\n\t# kept\n\tX\n"
                + "read -r a <<<\"$b\"\n# gone too\n";
        assertEquals("cat <<'EOF'\n# not a comment\n\n  indented\nEOF\ncat <<-X\n\t# kept\n\tX\n"
                + "read -r a <<<\"$b\"\n", ShellCompaction.compact(script));
    }

    @Test
    void a_here_document_that_never_ends_is_refused_rather_than_cut() {
        assertThrows(IllegalStateException.class, () -> ShellCompaction.compact("cat <<EOF\n# body\n"));
    }

    /** What ships: each box script compacted is still a valid bash program with every code line of the original. */
    @ParameterizedTest
    @ValueSource(strings = {"devbox-idle.sh", "devbox-spot-watch.sh", "devbox-last-session.sh", "devbox-dotfiles.sh"})
    void every_box_script_compacts_to_valid_bash_with_all_its_code(String name) throws IOException, InterruptedException {
        String original = Files.readString(Path.of("src/main/resources/dev/devbox/cli/box", name));
        String compact = ShellCompaction.compact(original);
        List<String> code = original.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
        assertTrue(compact.lines().toList().containsAll(code), "every code line is kept");
        assertTrue(compact.length() < original.length() * 0.9, name + ": " + compact.length() + " of " + original.length());
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "no bash to parse it");
        Path file = Files.writeString(dir.resolve(name), compact, StandardCharsets.UTF_8);
        Process check = new ProcessBuilder(bash.toString(), "-n", file.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), name + " compacted does not parse: " + out);
    }
}
