package dev.devbox.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the emulator's virtualenv lives and which moto it pins.
 *
 * <p>Builds point {@code devbox.emulator.home} at a folder inside the project;
 * `devbox local` on a laptop uses the user's cache folder, so one install
 * serves every later run.
 */
public record EmulatorHome(Path directory, String motoVersion) {

    public static EmulatorHome resolve() {
        String configured = System.getProperty("devbox.emulator.home", System.getenv("DEVBOX_EMULATOR_HOME"));
        Path directory = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : defaultCacheDirectory();
        return new EmulatorHome(directory.toAbsolutePath(), pinnedMotoVersion());
    }

    /** The virtualenv for this moto version; a new pin gets a fresh one. */
    public Path virtualenv() {
        return directory.resolve("moto-" + motoVersion);
    }

    public Path python() {
        boolean windows = System.getProperty("os.name", "").toLowerCase().contains("win");
        return windows ? virtualenv().resolve("Scripts/python.exe") : virtualenv().resolve("bin/python");
    }

    private static Path defaultCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("devbox").resolve("emulator");
    }

    static String pinnedMotoVersion() {
        try (InputStream in = EmulatorHome.class.getResourceAsStream("emulator.properties")) {
            if (in == null) {
                throw new IllegalStateException("emulator.properties is missing from the devbox-emulator jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("moto.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
