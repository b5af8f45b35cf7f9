package dev.devbox.cli;

import dev.devbox.cli.command.CodeCommand;
import dev.devbox.cli.command.CompletionCommand;
import dev.devbox.cli.command.DeleteCommand;
import dev.devbox.cli.command.DemoCommand;
import dev.devbox.cli.command.HistoryCommand;
import dev.devbox.cli.command.LaunchCommand;
import dev.devbox.cli.command.ListCommand;
import dev.devbox.cli.command.LocalCommand;
import dev.devbox.cli.command.ProxyCommand;
import dev.devbox.cli.command.SshCommand;
import dev.devbox.cli.command.SshConfigCommand;
import dev.devbox.cli.command.StatusCommand;
import dev.devbox.cli.command.TerminateCommand;
import dev.devbox.cli.command.WaitCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * devbox's commands, in the order the root's help lists them, and which of them one invocation
 * needs. picocli builds a command's model by reflection when it is registered, and building all
 * fifteen is most of what picocli costs at start-up; an invocation whose command word is plain
 * (`devbox list`, `devbox --stack s status web`) only ever parses with that command's model, so it
 * gets only that one. Anything else (no command, help, an option this scan does not know, a word
 * that is no command) gets them all, so its output, suggestions included, is the full model's.
 */
final class Commands {
    /** Command name (and alias) to class; CommandsTest checks it against the @Command names. */
    static final Map<String, Class<?>> BY_NAME = byName();

    /** Root options that take a value in the next word ({@link Devbox}'s options). */
    private static final Set<String> WITH_VALUE = Set.of("--stack", "--region", "--profile", "--owner", "-o",
            "--output");
    /** Root options that take none. */
    private static final Set<String> FLAGS = Set.of("-v", "--verbose", "--no-color");
    /** Commands that read the whole model (completion prints it; help describes any command). */
    private static final Set<String> NEED_ALL = Set.of("completion", "help");

    private Commands() {
    }

    private static Map<String, Class<?>> byName() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("launch", LaunchCommand.class);
        m.put("ssh", SshCommand.class);
        m.put("ssh-config", SshConfigCommand.class);
        m.put("proxy", ProxyCommand.class);
        m.put("code", CodeCommand.class);
        m.put("terminate", TerminateCommand.class);
        m.put("wait", WaitCommand.class);
        m.put("list", ListCommand.class);
        m.put("ls", ListCommand.class);
        m.put("status", StatusCommand.class);
        m.put("history", HistoryCommand.class);
        m.put("delete", DeleteCommand.class);
        m.put("local", LocalCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("completion", CompletionCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return m;
    }

    /** Every command class once, in help order. */
    static List<Class<?>> all() {
        return BY_NAME.values().stream().distinct().toList();
    }

    /** The commands {@code args} can reach: one when its command word is plain, else all of them. */
    static List<Class<?>> neededBy(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (WITH_VALUE.contains(arg)) {
                i++;
                // picocli refuses a value that is a command's name or looks like an option: the full model says how
                if (i == args.length || args[i].startsWith("-") || BY_NAME.containsKey(args[i])) {
                    return all();
                }
            } else if (!FLAGS.contains(arg)) {
                Class<?> command = arg.startsWith("-") || NEED_ALL.contains(arg) ? null : BY_NAME.get(arg);
                return command == null ? all() : List.of(command);
            }
        }
        return all();
    }
}
