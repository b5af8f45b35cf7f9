package dev.devbox.cli.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments a user passes through to ssh, split the way ssh itself reads them: options first
 * (with their values), then an optional remote command. devbox puts the destination between the
 * two, so {@code -- -L 8080:localhost:8080} forwards a port and {@code -- uptime} runs a command.
 */
public record SshArguments(List<String> options, List<String> command) {
    /** OpenSSH's option letters that take a value (ssh(1), the getopt string of ssh.c). */
    private static final String LETTERS_WITH_VALUE = "BbcDEeFIiJLlmOoPpQRSWw";

    public SshArguments {
        options = List.copyOf(options);
        command = List.copyOf(command);
    }

    public static SshArguments split(List<String> args) {
        List<String> options = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if ("--".equals(arg)) {
                i++;
                break;
            }
            if (!arg.startsWith("-") || arg.length() < 2) {
                break;
            }
            options.add(arg);
            i++;
            if (takesSeparateValue(arg) && i < args.size()) {
                options.add(args.get(i));
                i++;
            }
        }
        return new SshArguments(options, args.subList(i, args.size()));
    }

    /** True for a cluster such as {@code -L} or {@code -NL} whose last letter takes the next argument. */
    private static boolean takesSeparateValue(String arg) {
        for (int c = 1; c < arg.length(); c++) {
            if (LETTERS_WITH_VALUE.indexOf(arg.charAt(c)) >= 0) {
                return c == arg.length() - 1;
            }
        }
        return false;
    }
}
