package dev.devbox.cli.project;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How this machine last launched a project (type, market, idle limit, access), kept in
 * {@code ~/.local/state/devbox/launches/STACK/PROJECT.json} after each launch, so that
 * `devbox proxy --wake` starts a saved project as it was. Best effort: a file that cannot be
 * written or read is as if there were none.
 */
public record LastLaunch(String instanceType, boolean spot, boolean spotFallback, int idleMinutes,
                         boolean privateBox) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static LastLaunch of(LaunchRequest request) {
        return new LastLaunch(request.instanceType(), request.spot(), request.spotFallback(), request.idleMinutes(),
                request.privateBox());
    }

    static Path file(Path home, String stack, String project) {
        return home.resolve(".local").resolve("state").resolve("devbox").resolve("launches").resolve(stack)
                .resolve(project + ".json");
    }

    void save(Path home, String stack, String project) {
        try {
            Path file = file(home, stack, project);
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(this));
        } catch (IOException | RuntimeException e) {
            // only a later wake misses it, and it says so
        }
    }

    static Optional<LastLaunch> read(Path home, String stack, String project) {
        try {
            Path file = file(home, stack, project);
            return Files.isRegularFile(file) ? Optional.of(JSON.readValue(file.toFile(), LastLaunch.class))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The same launch again, for a connection that wakes the project. */
    LaunchRequest request(dev.devbox.domain.ProjectName project, Path home, java.time.Duration timeout) {
        return new LaunchRequest(project, instanceType, null, null, null, true, timeout, home, idleMinutes, spot,
                spotFallback, null, null, null, null, privateBox, null, null);
    }

    String describe() {
        return (instanceType == null ? "the stack's instance type" : instanceType) + (spot ? ", Spot" : "")
                + (privateBox ? ", private" : "") + ", idle limit " + idleMinutes + " min";
    }
}
