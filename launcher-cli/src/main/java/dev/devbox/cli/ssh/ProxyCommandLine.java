package dev.devbox.cli.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ProxyCommand through which ssh reaches a private box: {@code devbox proxy PROJECT}, with the
 * options that chose the stack and account, run by ssh through a shell (devbox must be on PATH).
 */
public final class ProxyCommandLine {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private ProxyCommandLine() {
    }

    /** @param selection the options that chose the stack (--stack NAME, --profile NAME, ...), as given */
    public static String of(List<String> selection, String project) {
        return of(selection, null, project);
    }

    /** With a flag of `devbox proxy` ({@code --wake}), or none when null. */
    public static String of(List<String> selection, String flag, String project) {
        List<String> words = new ArrayList<>(List.of("devbox"));
        words.addAll(selection);
        words.add("proxy");
        if (flag != null) {
            words.add(flag);
        }
        words.add(project);
        return String.join(" ", words.stream().map(ProxyCommandLine::quote).toList());
    }

    /** Single-quoted for the shell unless plain (ssh runs ProxyCommand with the user's shell). */
    static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
