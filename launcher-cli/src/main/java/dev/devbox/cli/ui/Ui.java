package dev.devbox.cli.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * One invocation's output: results on {@code out} (text or JSON), diagnostics and progress on
 * {@code err}, so `devbox list --output json | jq` never sees a progress line.
 */
public final class Ui {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Style style;
    private final OutputFormat format;
    private final boolean verbose;
    private final boolean terminal;
    private final Clock clock;
    private final InputStream stdin;
    private ObjectMapper mapper;

    public Ui(PrintWriter out, PrintWriter err, Style style, OutputFormat format, boolean verbose, boolean terminal,
              Clock clock, InputStream stdin) {
        this.out = out;
        this.err = err;
        this.style = style;
        this.format = format;
        this.verbose = verbose;
        this.terminal = terminal;
        this.clock = clock;
        this.stdin = stdin;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Style style() {
        return style;
    }

    public boolean json() {
        return format == OutputFormat.json;
    }

    public boolean verbose() {
        return verbose;
    }

    public Clock clock() {
        return clock;
    }

    /** A result line for people (ignored under --output json, where {@link #printJson} speaks). */
    public void result(String line) {
        if (!json()) {
            out.println(line);
            out.flush();
        }
    }

    /** A diagnostic line: always stderr. */
    public void info(String line) {
        err.println(line);
        err.flush();
    }

    /** A diagnostic line only under --verbose. */
    public void debug(String line) {
        if (verbose) {
            err.println(style.dim(line));
            err.flush();
        }
    }

    public void printJson(Object value) {
        try {
            out.println(mapper().writeValueAsString(value));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectNode newJsonObject() {
        return mapper().createObjectNode();
    }

    public ObjectMapper mapper() {
        if (mapper == null) {
            mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        }
        return mapper;
    }

    public Progress progress(String message) {
        return Progress.start(err, style, terminal && style.enabled(), clock, message);
    }

    /**
     * Asks a yes/no question on stderr and reads the answer from stdin; "y" or "yes" agrees.
     * Without an answer (closed stdin) it is a no.
     */
    public boolean confirm(String question) {
        err.print(question + " [y/N] ");
        err.flush();
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            String answer = reader.readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }
}
