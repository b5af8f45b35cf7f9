package dev.devbox.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Project names are per owner, record keys per stack: a project is keyed by its name and a suffix
 * of its owner's, {@code NAME--XXXXXXXXXXXX}, the first 12 hex digits of the SHA-256 of the owner's
 * principal. So alice's and bob's {@code web} never share a key, and a key says nothing about any
 * other owner (no name is "taken"). Projects recorded before names were per owner keep their plain
 * name as key. The key is what tags, AMI names and the table carry; developers see and type names.
 */
public final class OwnerNamespace {
    static final int SUFFIX_HEX = 12;

    private OwnerNamespace() {
    }

    /** The key of {@code owner}'s project {@code name}. */
    public static ProjectName key(ProjectName name, String owner) {
        return ProjectName.of(name.value() + "--" + suffix(owner));
    }

    /** The name a developer knows a project by: its key without its own owner's suffix. */
    public static String displayName(ProjectName key, String owner) {
        String tail = owner == null ? null : "--" + suffix(owner);
        return tail != null && key.value().endsWith(tail) && key.value().length() > tail.length()
                ? key.value().substring(0, key.value().length() - tail.length()) : key.value();
    }

    static String suffix(String owner) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, SUFFIX_HEX / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
