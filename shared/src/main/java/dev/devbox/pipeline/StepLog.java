package dev.devbox.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.devbox.domain.CycleRef;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per pipeline step: a constant message and the facts as fields
 * (project, generation, instance, stage, outcome, durationMs, resource ids).
 * Lambda sends stderr to CloudWatch Logs; no payloads are ever logged.
 */
public final class StepLog {
    private static final JsonFactory JSON = new JsonFactory();
    private final PrintStream out;

    public StepLog(PrintStream out) {
        this.out = out;
    }

    public static StepLog stderr() {
        return new StepLog(System.err);
    }

    /** Starts timing a step; finish it with {@link Step#outcome}. */
    public Step step(String name) {
        return new Step(name, System.nanoTime());
    }

    /** A step being timed; fields are added as they become known. */
    public final class Step {
        private final String name;
        private final long startNanos;
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Step(String name, long startNanos) {
            this.name = name;
            this.startNanos = startNanos;
        }

        public Step cycle(CycleRef cycle) {
            fields.put("project", cycle.project().value());
            fields.put("generation", cycle.generation());
            return this;
        }

        public Step with(String key, Object value) {
            if (value != null) {
                fields.put(key, value);
            }
            return this;
        }

        /** Writes the line. {@code outcome} is a constant word: done, ignored, stale, failed... */
        public void outcome(String outcome) {
            write("INFO", outcome);
        }

        public void warn(String outcome) {
            write("WARN", outcome);
        }

        private void write(String level, String outcome) {
            StringWriter line = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(line)) {
                g.writeStartObject();
                g.writeStringField("level", level);
                g.writeStringField("message", "devbox pipeline step");
                g.writeStringField("step", name);
                for (Map.Entry<String, Object> e : fields.entrySet()) {
                    if (e.getValue() instanceof Number n) {
                        g.writeNumberField(e.getKey(), n.longValue());
                    } else {
                        g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
                    }
                }
                g.writeStringField("outcome", outcome);
                g.writeNumberField("durationMs", (System.nanoTime() - startNanos) / 1_000_000);
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println(line);
        }
    }
}
