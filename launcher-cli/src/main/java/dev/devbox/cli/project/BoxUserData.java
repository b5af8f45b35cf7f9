package dev.devbox.cli.project;

import dev.devbox.cli.error.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * The user data of a box: the idle auto-persist template (resources {@code dev/devbox/cli/box/},
 * see docs/idle.md) with its placeholders filled in, gzipped (cloud-init unpacks it; EC2 takes at
 * most 16 KiB before base64) and base64-encoded as RunInstances wants it.
 */
public final class BoxUserData {
    /** Default idle limit of `devbox launch --idle`. */
    public static final int DEFAULT_IDLE_MINUTES = 60;
    /** The longest idle limit accepted: a week. */
    public static final int MAX_IDLE_MINUTES = 7 * 24 * 60;
    /** Logged-in users are warned this long before the idle deadline. */
    static final int WARN_MINUTES = 10;
    /** EC2's limit on user data, before base64. */
    static final int EC2_LIMIT_BYTES = 16 * 1024;

    private static final String TEMPLATE = "/dev/devbox/cli/box/user-data.sh.tmpl";
    private static final String IDLE_SCRIPT = "/dev/devbox/cli/box/devbox-idle.sh";
    private static final String SPOT_WATCH_SCRIPT = "/dev/devbox/cli/box/devbox-spot-watch.sh";

    private BoxUserData() {
    }

    /** Refuses an idle limit the box could not honour (before anything is claimed). */
    public static void validateIdleMinutes(int minutes) {
        if (minutes < 0 || minutes > MAX_IDLE_MINUTES) {
            throw new UsageException("--idle must be 0 (off) or a number of minutes up to " + MAX_IDLE_MINUTES
                    + " (a week); got " + minutes + ".");
        }
    }

    /** The shell script cloud-init runs, placeholders filled in. */
    public static String render(int idleMinutes) {
        validateIdleMinutes(idleMinutes);
        // The script moves the warning before the deadline itself when the limit is short.
        int warn = Math.min(WARN_MINUTES, Math.max(idleMinutes - 1, 0));
        String rendered = resource(TEMPLATE)
                .replace("@IDLE_MINUTES@", Integer.toString(idleMinutes))
                .replace("@WARN_MINUTES@", Integer.toString(warn))
                .replace("@SSH_USER@", Projects.SSH_USER)
                .replace("@IDLE_SCRIPT@", stripFinalNewline(resource(IDLE_SCRIPT)))
                .replace("@SPOT_WATCH_SCRIPT@", stripFinalNewline(resource(SPOT_WATCH_SCRIPT)));
        if (rendered.matches("(?s).*@[A-Z_]+@.*")) {
            throw new IllegalStateException("user data template has a placeholder devbox does not know");
        }
        return rendered;
    }

    /** {@link #render} gzipped and base64-encoded: RunInstances' UserData. */
    public static String encoded(int idleMinutes) {
        byte[] gzipped = gzip(render(idleMinutes));
        if (gzipped.length > EC2_LIMIT_BYTES) {
            throw new IllegalStateException("user data is " + gzipped.length + " bytes gzipped; EC2 takes "
                    + EC2_LIMIT_BYTES);
        }
        return Base64.getEncoder().encodeToString(gzipped);
    }

    /** The inverse of {@link #encoded}, for tests and `status`. */
    public static String decode(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new String(bytes, StandardCharsets.UTF_8); // not gzipped: plain user data
        }
    }

    private static String stripFinalNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String resource(String name) {
        try (InputStream in = BoxUserData.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the devbox jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
