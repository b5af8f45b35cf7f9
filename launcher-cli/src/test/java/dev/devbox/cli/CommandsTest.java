package dev.devbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** An invocation builds only the command it names, and cannot tell the difference. */
class CommandsTest {
    @TempDir
    Path home;

    @Test
    void the_registry_names_each_command_as_its_annotation_does_in_help_order() {
        Map<String, Class<?>> fromAnnotations = new LinkedHashMap<>();
        for (Class<?> c : Commands.all()) {
            Command command = c.getAnnotation(Command.class);
            fromAnnotations.put(command.name(), c);
            for (String alias : command.aliases()) {
                fromAnnotations.put(alias, c);
            }
        }
        assertEquals(new ArrayList<>(fromAnnotations.entrySet()), new ArrayList<>(Commands.BY_NAME.entrySet()));
    }

    @Test
    void a_plain_command_word_is_built_alone_and_anything_else_gets_every_command() {
        List<Class<?>> all = Commands.all();
        Class<?> list = Commands.BY_NAME.get("list");
        Class<?> status = Commands.BY_NAME.get("status");
        assertEquals(List.of(list), Commands.neededBy("list"));
        assertEquals(List.of(list), Commands.neededBy("ls", "--all"));
        assertEquals(List.of(status), Commands.neededBy("--stack", "s", "-v", "--no-color", "-o", "json", "status", "p"));
        assertEquals(List.of(status), Commands.neededBy("status", "list"));
        assertEquals(all, Commands.neededBy());
        assertEquals(all, Commands.neededBy("--help"));
        assertEquals(all, Commands.neededBy("help", "list"));
        assertEquals(all, Commands.neededBy("completion"));
        assertEquals(all, Commands.neededBy("lst"));
        assertEquals(all, Commands.neededBy("--stack=s", "list"), "an option form this scan does not read");
        assertEquals(all, Commands.neededBy("-vo", "json", "list"), "clustered options");
        assertEquals(all, Commands.neededBy("--stack", "list", "status", "p"), "picocli refuses a command as a value");
        assertEquals(all, Commands.neededBy("--stack", "-v", "list"));
        assertEquals(all, Commands.neededBy("--stack"));
        assertEquals(all, Commands.neededBy("--", "list"));
    }

    /** Each command's help, and a usage error in it, are what the model with every command prints. */
    @ParameterizedTest
    @ValueSource(strings = {"launch", "ssh", "ssh-config", "proxy", "code", "terminate", "wait", "list", "ls",
        "status", "history", "delete", "local", "demo"})
    void a_command_built_alone_prints_what_the_full_model_prints(String command) {
        for (String[] args : List.of(new String[] {command, "--help"}, new String[] {command, "--no-such-option"},
                new String[] {"--stack", "s", command, "-h"})) {
            assertEquals(run(Commands.all(), args), run(Commands.neededBy(args), args), String.join(" ", args));
        }
    }

    private String run(List<Class<?>> commands, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(CliRunner.offline(home).variables(), home, InputStream.nullInputStream(),
                false, Clock.systemUTC());
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        CommandLine cl = Devbox.commandLine(new Devbox(env, o, e), commands);
        int code = cl.execute(args);
        return "exit " + code + "\n" + out + "\n--- err ---\n" + err;
    }
}
