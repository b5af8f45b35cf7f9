package dev.devbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** `devbox --version`: the build's version, read from a resource; touches nothing else. */
public final class Version implements IVersionProvider {

    public static String current() {
        return build().getProperty("version", "unknown");
    }

    /** The commit the build was made from (12 hex digits), or "unknown" when built outside git. */
    public static String commit() {
        String commit = build().getProperty("commit", "unknown");
        return commit.matches("[0-9a-f]{7,40}") ? commit : "unknown";
    }

    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown": a version string is never worth a failure
        }
        return p;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"devbox " + current() + " (commit " + commit() + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"};
    }
}
