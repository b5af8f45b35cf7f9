package dev.devbox.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Runs devbox through its real entry point with a given world, capturing both streams. */
public final class CliRunner {
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private final Map<String, String> variables;
    private final Path home;
    private final String stdin;
    private final List<ExecutionInterceptor> interceptors;
    private final Clock clock;

    public CliRunner(Map<String, String> variables, Path home) {
        this(variables, home, "", List.of(), Clock.systemUTC());
    }

    private CliRunner(Map<String, String> variables, Path home, String stdin, List<ExecutionInterceptor> interceptors,
                      Clock clock) {
        this.variables = new HashMap<>(variables);
        this.home = home;
        this.stdin = stdin;
        this.interceptors = List.copyOf(interceptors);
        this.clock = clock;
    }

    /** A runner whose commands see this clock (the emulator's records keep the real time). */
    public CliRunner withClock(Clock clock) {
        return new CliRunner(variables, home, stdin, interceptors, clock);
    }

    /**
     * A world where any AWS call goes to a closed loopback port: unit tests prove that a command
     * failed before touching AWS, and can never reach a real account.
     */
    public static CliRunner offline(Path home) {
        return new CliRunner(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_ENDPOINT_URL", "http://127.0.0.1:9"), home);
    }

    public CliRunner withStdin(String input) {
        return new CliRunner(variables, home, input, interceptors, clock);
    }

    /** A runner whose AWS clients also pass every request through {@code interceptor}. */
    public CliRunner withInterceptor(ExecutionInterceptor interceptor) {
        List<ExecutionInterceptor> more = new ArrayList<>(interceptors);
        more.add(interceptor);
        return new CliRunner(variables, home, stdin, more, clock);
    }

    public CliRunner with(String name, String value) {
        CliRunner copy = new CliRunner(variables, home, stdin, interceptors, clock);
        copy.variables.put(name, value);
        return copy;
    }

    public Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    public Path home() {
        return home;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(variables, home,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, clock, interceptors);
        int code = Devbox.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
