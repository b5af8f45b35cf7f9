package dev.devbox.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * What a devbox invocation reads from the world outside its arguments: environment variables,
 * the home directory (for ~/.ssh), standard input (for confirmations), whether it talks to a
 * terminal, and the clock. Tests pass their own instead of touching the process's.
 *
 * <p>{@code interceptors} are added to every AWS client the invocation builds (empty for the real
 * process): tests use them to see the exact requests devbox sends, or to make AWS refuse one, which
 * the emulators cannot do (Spot capacity, for example). The list's element type is erased, so
 * {@code --version} still loads no SDK class.
 */
public record Environment(Map<String, String> variables, Path home, InputStream stdin, boolean terminal, Clock clock,
                          List<ExecutionInterceptor> interceptors) {

    public Environment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(clock, "clock");
        interceptors = List.copyOf(interceptors);
    }

    public Environment(Map<String, String> variables, Path home, InputStream stdin, boolean terminal, Clock clock) {
        this(variables, home, stdin, terminal, clock, List.of());
    }

    /** The real process: its environment, user.home, System.in, and a terminal iff System.console() exists. */
    public static Environment system() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")), System.in,
                System.console() != null, Clock.systemUTC());
    }

    /** A value, or null when unset or empty (an empty variable counts as unset, as the AWS CLI treats it). */
    public String get(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public boolean isSet(String name) {
        return variables.containsKey(name);
    }

    /** A copy with one more (or a replaced) variable. */
    public Environment with(String name, String value) {
        Map<String, String> copy = new HashMap<>(variables);
        copy.put(name, value);
        return new Environment(copy, home, stdin, terminal, clock, interceptors);
    }

    public Environment withVariables(Map<String, String> more) {
        Map<String, String> copy = new HashMap<>(variables);
        copy.putAll(more);
        return new Environment(copy, home, stdin, terminal, clock, interceptors);
    }
}
