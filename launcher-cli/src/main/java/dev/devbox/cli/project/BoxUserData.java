package dev.devbox.cli.project;

import dev.devbox.cli.error.UsageException;
import dev.devbox.domain.SessionEnding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The user data of a box: devbox's own script (resources {@code dev/devbox/cli/box/}: the idle
 * auto-persist timer of docs/idle.md and the Spot interruption watcher of docs/box.md) with its
 * placeholders filled in; with a first-boot setup (`--user-data`, `--dotfiles`, docs/box.md), a
 * MIME multi-part document of that script, the first-boot script and the user's #cloud-config.
 * Gzipped (cloud-init unpacks it; EC2 takes at most 16 KiB before base64) and base64-encoded as
 * RunInstances wants it.
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
    private static final String LAST_SESSION_SCRIPT = "/dev/devbox/cli/box/devbox-last-session.sh";
    private static final String SPOT_WATCH_SCRIPT = "/dev/devbox/cli/box/devbox-spot-watch.sh";
    private static final String FIRST_BOOT_TEMPLATE = "/dev/devbox/cli/box/first-boot.sh.tmpl";
    private static final String DOTFILES_SCRIPT = "/dev/devbox/cli/box/devbox-dotfiles.sh";
    private static final String USER_SCRIPT_LINE = "@USER_SCRIPT@\n";
    private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");
    private static final Pattern LINUX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    private BoxUserData() {
    }

    /** Refuses an idle limit the box could not honour (before anything is claimed). */
    public static void validateIdleMinutes(int minutes) {
        if (minutes < 0 || minutes > MAX_IDLE_MINUTES) {
            throw new UsageException("--idle must be 0 (off) or a number of minutes up to " + MAX_IDLE_MINUTES
                    + " (a week); got " + minutes + ".");
        }
    }

    /** devbox's own shell script for an ubuntu box whose project's last ending is unknown. */
    public static String render(int idleMinutes) {
        return render(idleMinutes, Optional.empty());
    }

    /** devbox's own shell script, with how the project's previous box ended (its login message). */
    public static String render(int idleMinutes, Optional<SessionEnding> previous) {
        return ownScript(idleMinutes, previous, dev.devbox.domain.Project.DEFAULT_SSH_USER);
    }

    /** devbox's own shell script, placeholders filled in: what cloud-init runs on every box. */
    static String ownScript(int idleMinutes, Optional<SessionEnding> previous, String sshUser) {
        validateIdleMinutes(idleMinutes);
        // The script moves the warning before the deadline itself when the limit is short.
        int warn = Math.min(WARN_MINUTES, Math.max(idleMinutes - 1, 0));
        return noPlaceholderLeft(resource(TEMPLATE)
                .replace("@IDLE_MINUTES@", Integer.toString(idleMinutes))
                .replace("@WARN_MINUTES@", Integer.toString(warn))
                .replace("@PREVIOUS_ENDING@", previous.map(SessionEnding::record).orElse(""))
                .replace("@LAST_SESSION_SCRIPT@", stripFinalNewline(script(LAST_SESSION_SCRIPT)))
                .replace("@SSH_USER@", checkedUser(sshUser))
                .replace("@IDLE_SCRIPT@", stripFinalNewline(script(IDLE_SCRIPT)))
                .replace("@SPOT_WATCH_SCRIPT@", stripFinalNewline(script(SPOT_WATCH_SCRIPT))));
    }

    /** The whole user data of an ubuntu box whose project's last ending is unknown. */
    public static String render(int idleMinutes, FirstBootSetup setup) {
        return render(idleMinutes, Optional.empty(), dev.devbox.domain.Project.DEFAULT_SSH_USER, setup);
    }

    /**
     * The whole user data: devbox's own script alone when there is no first-boot setup (as before
     * first-boot setups existed), else the multi-part document of devbox's script, the first-boot
     * script (for a shell script or dotfiles) and the user's #cloud-config.
     *
     * @param previous how the project's last box ended, for the new box's login message
     * @param sshUser  the user the box lets in: first-boot setup, dotfiles and the Spot hook run as it
     */
    public static String render(int idleMinutes, Optional<SessionEnding> previous, String sshUser,
                                FirstBootSetup setup) {
        String own = ownScript(idleMinutes, previous, sshUser);
        if (setup.isEmpty()) {
            return own;
        }
        List<CloudInitMultipart.Part> parts = new ArrayList<>();
        // cloud-init runs the scripts in the order of their file names.
        parts.add(new CloudInitMultipart.Part(CloudInitMultipart.SHELL_SCRIPT, "10-devbox.sh", own));
        if (setup.hasScript() || setup.dotfilesUrl() != null) {
            parts.add(new CloudInitMultipart.Part(CloudInitMultipart.SHELL_SCRIPT, "20-devbox-first-boot.sh",
                    renderFirstBoot(setup, sshUser)));
        }
        if (setup.hasCloudConfig()) {
            parts.add(new CloudInitMultipart.Part(CloudInitMultipart.CLOUD_CONFIG, "30-user-cloud-config.yaml",
                    setup.userData().text()));
        }
        return CloudInitMultipart.of(parts);
    }

    /** The first-boot part: the user's script byte for byte in a quoted heredoc, and the dotfiles URL. */
    static String renderFirstBoot(FirstBootSetup setup) {
        return renderFirstBoot(setup, dev.devbox.domain.Project.DEFAULT_SSH_USER);
    }

    static String renderFirstBoot(FirstBootSetup setup, String sshUser) {
        String script = setup.hasScript() ? setup.userData().text() : "";
        String rendered = resource(FIRST_BOOT_TEMPLATE)
                .replace("@SSH_USER@", checkedUser(sshUser))
                // Checked by DotfilesUrl: no quote, nothing the shell would read.
                .replace("@DOTFILES_URL@", setup.dotfilesUrl() == null ? "" : setup.dotfilesUrl())
                .replace("@DOTFILES_SCRIPT@", stripFinalNewline(script(DOTFILES_SCRIPT)))
                .replace("@USER_SCRIPT_END@", heredocDelimiter(script));
        noPlaceholderLeft(rendered.replace(USER_SCRIPT_LINE, ""));
        // Last, so that nothing in the user's text is taken for a placeholder; no script: an empty heredoc.
        String body = script.isEmpty() || script.endsWith("\n") ? script : script + "\n";
        return rendered.replace(USER_SCRIPT_LINE, body);
    }

    /** {@link #render} gzipped and base64-encoded: RunInstances' UserData. */
    public static String encoded(int idleMinutes) {
        return encoded(idleMinutes, FirstBootSetup.NONE);
    }

    /** As {@link #encoded(int, Optional, String, FirstBootSetup)} for an ubuntu box, no last ending known. */
    public static String encoded(int idleMinutes, Optional<SessionEnding> previous) {
        return encoded(idleMinutes, previous, dev.devbox.domain.Project.DEFAULT_SSH_USER, FirstBootSetup.NONE);
    }

    /** As {@link #encoded(int, Optional, String, FirstBootSetup)} for an ubuntu box, no last ending known. */
    public static String encoded(int idleMinutes, FirstBootSetup setup) {
        return encoded(idleMinutes, Optional.empty(), dev.devbox.domain.Project.DEFAULT_SSH_USER, setup);
    }

    /**
     * {@link #render(int, Optional, String, FirstBootSetup)} gzipped and base64-encoded; refused,
     * before anything is sent, when EC2 would refuse it.
     */
    public static String encoded(int idleMinutes, Optional<SessionEnding> previous, String sshUser,
                                 FirstBootSetup setup) {
        byte[] gzipped = gzip(render(idleMinutes, previous, sshUser, setup));
        if (gzipped.length > EC2_LIMIT_BYTES) {
            int own = gzip(ownScript(idleMinutes, previous, sshUser)).length;
            throw new UsageException("The box's user data would be " + gzipped.length + " bytes gzipped, over EC2's"
                    + " limit of " + EC2_LIMIT_BYTES + " (16 KiB); devbox's own part takes " + own + ": shorten "
                    + setup.options() + " (a script can download the rest).");
        }
        return Base64.getEncoder().encodeToString(gzipped);
    }

    /** The bytes EC2 counts against its limit. */
    public static byte[] gzipped(int idleMinutes, FirstBootSetup setup) {
        return gzip(render(idleMinutes, setup));
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

    /** A heredoc delimiter that is not a line of {@code text}. */
    static String heredocDelimiter(String text) {
        java.util.Set<String> lines = new java.util.HashSet<>(text.lines().toList());
        String delimiter = "DEVBOX_USER_SCRIPT_END";
        for (int i = 1; lines.contains(delimiter); i++) {
            delimiter = "DEVBOX_USER_SCRIPT_END_" + i;
        }
        return delimiter;
    }

    /** Checked by the CLI and the control plane already; here because the scripts take it unquoted. */
    private static String checkedUser(String sshUser) {
        if (sshUser == null || !LINUX_USER.matcher(sshUser).matches()) {
            throw new IllegalStateException("'" + sshUser + "' is not a Linux user name");
        }
        return sshUser;
    }

    private static String noPlaceholderLeft(String rendered) {
        if (PLACEHOLDER.matcher(rendered).find()) {
            throw new IllegalStateException("user data template has a placeholder devbox does not know");
        }
        return rendered;
    }

    private static String stripFinalNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** A box script as its user data carries it (see {@link ShellCompaction}). */
    private static String script(String name) {
        return ShellCompaction.compact(resource(name));
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
