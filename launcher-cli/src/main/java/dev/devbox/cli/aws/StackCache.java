package dev.devbox.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The stack's outputs from the last DescribeStacks, per region, stack and identity, so that a
 * command is one request to the control plane instead of two AWS calls. A URL that no longer
 * answers is described again ({@link ControlClient} asks), and an entry older than a week is
 * ignored. Best effort: a cache that cannot be read or written is simply not used.
 */
public final class StackCache {
    static final Duration MAX_AGE = Duration.ofDays(7);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public StackCache(Path file) {
        this.file = file;
    }

    /** ~/.cache/devbox/stacks.json, or under XDG_CACHE_HOME. */
    public static StackCache in(String xdgCacheHome, Path home) {
        Path base = xdgCacheHome != null && !xdgCacheHome.isBlank() ? Path.of(xdgCacheHome) : home.resolve(".cache");
        return new StackCache(base.resolve("devbox").resolve("stacks.json"));
    }

    /** The outputs saved under {@code key} within the last week, if any. */
    public Optional<StackOutputs> load(String key, Instant now) {
        JsonNode entry = read().path(key);
        if (!entry.path("controlUrl").isTextual() || !fresh(entry, now)) {
            return Optional.empty();
        }
        return Optional.of(new StackOutputs(entry.path("stackName").asText(), entry.path("controlUrl").asText()));
    }

    /** Saved within the last week, and not in the future (a clock moved). */
    private static boolean fresh(JsonNode entry, Instant now) {
        try {
            Instant saved = Instant.parse(entry.path("savedAt").asText());
            return !saved.isAfter(now) && Duration.between(saved, now).compareTo(MAX_AGE) <= 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Saves {@code outputs} under {@code key}, and drops the entries {@link #load} would ignore. */
    public void save(String key, StackOutputs outputs, Instant now) {
        ObjectNode all = read();
        // one entry per `devbox local` run (its endpoint is in the key): they would pile up
        all.properties().removeIf(e -> !fresh(e.getValue(), now));
        if (outputs.controlUrl() == null) {
            all.remove(key);
        } else {
            all.putObject(key).put("stackName", outputs.stackName()).put("controlUrl", outputs.controlUrl())
                    .put("savedAt", now.toString());
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".stacks", ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // a cache is never worth a failed command
        }
    }

    private ObjectNode read() {
        try {
            JsonNode all = JSON.readTree(file.toFile());
            return all instanceof ObjectNode object ? object : JSON.createObjectNode();
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode();
        }
    }
}
