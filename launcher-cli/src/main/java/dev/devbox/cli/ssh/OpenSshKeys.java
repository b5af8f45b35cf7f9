package dev.devbox.cli.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * Throwaway OpenSSH public keys, made with the JDK alone: `devbox demo` gives its emulated user
 * one, so the demo never reads (or imports) the real user's key. Only the public half is written;
 * an emulated box has no SSH server to use the private one.
 */
public final class OpenSshKeys {
    private OpenSshKeys() {
    }

    /** An "ssh-ed25519 AAAA… comment" line for a fresh key. */
    public static String newEd25519(String comment) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] x509 = pair.getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length); // SubjectPublicKeyInfo ends with the key
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            writeString(blob, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
            writeString(blob, raw);
            return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    /** An "ssh-rsa AAAA… comment" line for a fresh key of {@code bits} bits. */
    public static String newRsa(int bits, String comment) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            writeString(blob, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
            writeString(blob, mpint(key.getPublicExponent()));
            writeString(blob, mpint(key.getModulus()));
            return "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    /** Writes {@code ~/.ssh/id_ed25519.pub} under {@code home} with a fresh key; returns its path. */
    public static Path writeEd25519(Path home, String comment) {
        try {
            Path ssh = Files.createDirectories(home.resolve(".ssh"));
            return Files.writeString(ssh.resolve("id_ed25519.pub"), newEd25519(comment) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] mpint(BigInteger value) {
        return value.toByteArray(); // two's complement, big-endian, with a leading zero when needed: as SSH wants
    }

    private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
