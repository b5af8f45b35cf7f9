package dev.devbox.cli.ssh;

import dev.devbox.cli.error.ConfigurationException;
import java.util.List;

/**
 * Edits the devbox-managed block of an OpenSSH client config as text. Only the lines between
 * this stack's own markers are ever replaced; every other byte of the file is kept as it was,
 * and applying the same entries twice gives the same file (idempotent).
 */
public final class SshConfigEditor {
    private SshConfigEditor() {
    }

    public static String beginMarker(String stack) {
        return "# >>> devbox stack=" + stack + " (managed by 'devbox ssh-config'; edits here are replaced) >>>";
    }

    public static String endMarker(String stack) {
        return "# <<< devbox stack=" + stack + " <<<";
    }

    /** The managed block for {@code entries}, markers included, each line ending in a newline. */
    public static String block(String stack, List<SshHost> entries, String newline) {
        StringBuilder sb = new StringBuilder();
        sb.append(beginMarker(stack)).append(newline);
        for (SshHost host : entries) {
            for (String line : host.configLines()) {
                sb.append(line).append(newline);
            }
        }
        sb.append(endMarker(stack)).append(newline);
        return sb.toString();
    }

    /**
     * {@code existing} with this stack's block replaced by one for {@code entries}; added at the end
     * if absent; removed (with nothing else) if {@code entries} is empty.
     */
    public static String apply(String existing, String stack, List<SshHost> entries) {
        String text = existing == null ? "" : existing;
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        String begin = beginMarker(stack);
        String end = endMarker(stack);
        int b = findLine(text, begin, 0);
        int e = b < 0 ? findLine(text, end, 0) : findLine(text, end, b);
        if (b < 0 && e >= 0 || b >= 0 && e < 0) {
            throw new ConfigurationException("Your ssh config has only one of devbox's markers for stack '" + stack
                    + "': remove the leftover '" + (b >= 0 ? begin : end) + "' line by hand, then run again.");
        }
        String replacement = entries.isEmpty() ? "" : block(stack, entries, newline);
        if (b >= 0) {
            int afterEnd = lineEnd(text, e);
            return text.substring(0, b) + replacement + text.substring(afterEnd);
        }
        if (entries.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            sb.append(newline);
        }
        if (!text.isEmpty() && !text.endsWith(newline + newline)) {
            sb.append(newline);
        }
        return sb.append(replacement).toString();
    }

    /** Start index of the first line at or after {@code from} equal to {@code line} (trailing spaces ignored). */
    private static int findLine(String text, String line, int from) {
        int start = from;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            int stop = nl < 0 ? text.length() : nl;
            String candidate = text.substring(start, stop).strip();
            if (candidate.equals(line)) {
                return start;
            }
            if (nl < 0) {
                return -1;
            }
            start = nl + 1;
        }
        return -1;
    }

    private static int lineEnd(String text, int lineStart) {
        int nl = text.indexOf('\n', lineStart);
        return nl < 0 ? text.length() : nl + 1;
    }
}
