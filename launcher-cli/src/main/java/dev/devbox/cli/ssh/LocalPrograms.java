package dev.devbox.cli.ssh;

import dev.devbox.cli.Environment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a program on the invocation's PATH (the environment devbox was given, so tests can pass their own). */
public final class LocalPrograms {
    private LocalPrograms() {
    }

    public static Optional<Path> find(Environment env, String name) {
        String path = env.get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
