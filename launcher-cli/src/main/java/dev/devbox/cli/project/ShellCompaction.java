package dev.devbox.cli.project;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A box script as it travels in user data: its comment-only and blank lines dropped, because EC2
 * takes at most 16 KiB of gzipped user data and devbox's own scripts should leave most of it to
 * the user's first-boot setup; the comments are for readers of the repository. The shebang, every
 * other line, and every line of a here-document's body stay byte for byte.
 */
final class ShellCompaction {
    /** {@code <<WORD}, {@code <<-'WORD'}, {@code <<"WORD"}; not a here-string ({@code <<<}). */
    private static final Pattern HEREDOC = Pattern.compile("(?<!<)<<(-?)\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\2");

    private ShellCompaction() {
    }

    static String compact(String script) {
        StringBuilder out = new StringBuilder(script.length());
        String heredocEnd = null;
        boolean tabsStripped = false;
        boolean first = true;
        for (String line : script.split("\n", -1)) {
            boolean keep;
            if (heredocEnd != null) {
                keep = true;
                if ((tabsStripped ? line.replaceFirst("^\t+", "") : line).equals(heredocEnd)) {
                    heredocEnd = null;
                }
            } else {
                String trimmed = line.strip();
                keep = (first && line.startsWith("#!")) || !(trimmed.isEmpty() || trimmed.startsWith("#"));
                Matcher heredoc = HEREDOC.matcher(line);
                if (keep && heredoc.find()) {
                    heredocEnd = heredoc.group(3);
                    tabsStripped = !heredoc.group(1).isEmpty();
                }
            }
            if (keep) {
                out.append(line).append('\n');
            }
            first = false;
        }
        if (heredocEnd != null) {
            throw new IllegalStateException("a box script's here-document never ends (" + heredocEnd + ")");
        }
        // split(-1) saw a final empty string after the last newline: keep the text's own ending.
        return script.endsWith("\n") ? out.toString() : out.substring(0, Math.max(0, out.length() - 1));
    }
}
