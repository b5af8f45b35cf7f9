package dev.devbox.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Project names are per owner, record keys per stack: the first owner of a name keeps the name as
 * its key (so projects from before namespaces keep theirs), and another owner's project of the
 * same name is keyed {@code NAME--XXXXXXXX}, the suffix the first 8 hex digits of the SHA-256 of
 * the owner's principal. The key is what tags, AMI names and the table carry; developers only
 * ever see and type the name. A name of that suffixed form is reserved: nobody can type one.
 */
public final class OwnerNamespace {
    private static final Pattern SUFFIXED = Pattern.compile("(.+)--([0-9a-f]{8})");

    private OwnerNamespace() {
    }

    /** The key of {@code owner}'s project {@code name} when the plain name is another owner's. */
    public static ProjectName key(ProjectName name, String owner) {
        return ProjectName.of(name.value() + "--" + suffix(owner));
    }

    /** The name a developer knows a project by: its key without the suffix of its own owner. */
    public static String displayName(ProjectName key, String owner) {
        Matcher m = SUFFIXED.matcher(key.value());
        return owner != null && m.matches() && m.group(2).equals(suffix(owner)) ? m.group(1) : key.value();
    }

    /** True for a name in the suffixed form keys use, which developers cannot choose. */
    public static boolean reserved(String name) {
        return name != null && SUFFIXED.matcher(name).matches();
    }

    static String suffix(String owner) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
