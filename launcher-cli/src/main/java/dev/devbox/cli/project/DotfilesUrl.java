package dev.devbox.cli.project;

import dev.devbox.cli.error.UsageException;
import java.util.regex.Pattern;

/**
 * The git URL of `devbox launch --dotfiles`. Only the forms a box can clone unattended, in
 * characters that need no quoting: the URL sits between single quotes in the first-boot script
 * and reaches git as one argument after {@code --}, so none of these can become shell syntax or
 * a git option.
 */
final class DotfilesUrl {
    static final int MAX_LENGTH = 512;
    private static final String HOST = "[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?";
    /** Never a leading "-": nothing git or ssh could take for an option. */
    private static final String USER = "[A-Za-z0-9][A-Za-z0-9._-]*";
    private static final String PATH = "[A-Za-z0-9._~+][A-Za-z0-9._~/+-]*";
    private static final Pattern HTTPS = Pattern.compile("https://" + HOST + "(?::[0-9]{1,5})?/" + PATH);
    private static final Pattern SSH_URL = Pattern.compile(
            "ssh://" + USER + "@" + HOST + "(?::[0-9]{1,5})?/" + PATH);
    /** scp-like: git@github.com:you/dotfiles.git */
    private static final Pattern SCP_LIKE = Pattern.compile(USER + "@" + HOST + ":" + PATH);

    private DotfilesUrl() {
    }

    /** The URL itself, or a one-line {@link UsageException} saying what is accepted. */
    static String validate(String url) {
        String example = " (like https://github.com/you/dotfiles.git or git@github.com:you/dotfiles.git)";
        if (url.isBlank()) {
            throw new UsageException("--dotfiles needs a git URL" + example + ".");
        }
        if (url.length() > MAX_LENGTH) {
            throw new UsageException("--dotfiles: a URL of at most " + MAX_LENGTH + " characters, please.");
        }
        if (url.startsWith("https://") && url.substring("https://".length()).split("/", 2)[0].contains("@")) {
            throw new UsageException("--dotfiles: put no credentials in the URL (it is stored in the box's user"
                    + " data, which anyone who can describe the instance may read); use a public repository or an"
                    + " SSH URL.");
        }
        if (url.startsWith("http://")) {
            throw new UsageException("--dotfiles: use https:// (the box clones at first boot, unattended, and"
                    + " should not trust plain http).");
        }
        if (HTTPS.matcher(url).matches() || SSH_URL.matcher(url).matches() || SCP_LIKE.matcher(url).matches()) {
            return url;
        }
        throw new UsageException("--dotfiles takes an https:// or SSH git URL" + example
                + " made of letters, digits and . _ ~ + - / : @ only; got '" + printable(url) + "'.");
    }

    private static String printable(String url) {
        String shown = url.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }
}
