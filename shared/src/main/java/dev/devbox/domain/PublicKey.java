package dev.devbox.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * An SSH public key in OpenSSH form ({@code TYPE BASE64 [comment]}), of a type EC2 imports
 * (ed25519 or RSA). Its key pair name comes from the key's own bytes, so one key always maps to
 * one key pair, whoever imports it and however often.
 */
public record PublicKey(String type, byte[] blob) {
    private static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa");

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    public static PublicKey parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\s+");
        if (parts.length < 2 || !TYPES.contains(parts[0])) {
            throw new IllegalArgumentException("not an ed25519 or RSA public key in OpenSSH form (EC2 imports only"
                    + " those)");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key's base64 part does not decode");
        }
        // The blob names its own type first (RFC 4253): a key that says otherwise is not what it claims.
        if (!parts[0].equals(embeddedType(blob))) {
            throw new IllegalArgumentException("the key's bytes are not a " + parts[0] + " key");
        }
        return new PublicKey(parts[0], blob);
    }

    /** True if {@code other} is the same key (the comment aside). */
    public boolean sameKeyAs(PublicKey other) {
        return type.equals(other.type) && java.util.Arrays.equals(blob, other.blob);
    }

    /** The form EC2 imports, without the comment (which may name the user's machine). */
    public String material() {
        return type + " " + Base64.getEncoder().encodeToString(blob);
    }

    /** "devbox-" and 16 hex digits of the SHA-256 of the key's bytes. */
    public String keyPairName() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "devbox-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String embeddedType(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        int length = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (length < 1 || length > blob.length - 4) {
            return null;
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }
}
