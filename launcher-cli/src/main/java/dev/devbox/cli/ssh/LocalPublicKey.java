package dev.devbox.cli.ssh;

import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.error.UsageException;
import dev.devbox.domain.PublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A user's SSH public key, as EC2 can import it (ed25519 or RSA). Its EC2 key pair name is
 * derived from the key's own bytes, so the same key always maps to the same key pair and a
 * second launch never imports it again.
 */
public record LocalPublicKey(Path publicKeyFile, String type, String material) {
    /** Looked for in this order, as ssh itself prefers them. */
    static final List<String> CANDIDATES = List.of("id_ed25519.pub", "id_rsa.pub");

    /** The user's default key, if they have one. */
    public static Optional<LocalPublicKey> discover(Path home) {
        for (String name : CANDIDATES) {
            Path file = home.resolve(".ssh").resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(read(file));
            }
        }
        return Optional.empty();
    }

    public static LocalPublicKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read SSH public key " + file + ": " + e.getMessage(), e);
        }
        String[] parts = text.split("\\s+");
        if (parts.length < 2 || !(parts[0].equals("ssh-ed25519") || parts[0].equals("ssh-rsa"))) {
            throw new UsageException(file + " is not an ed25519 or RSA public key in OpenSSH format"
                    + " (EC2 imports only those): pass another with --key FILE.pub.");
        }
        try {
            Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new UsageException(file + " does not hold a valid OpenSSH public key.");
        }
        return new LocalPublicKey(file, parts[0], parts[0] + " " + parts[1]);
    }

    /** The EC2 key pair name: "devbox-" and 16 hex digits of the SHA-256 of the key blob. */
    public String keyPairName() {
        // The control plane imports the key under this name: one derivation, in shared.
        return PublicKey.parse(material).keyPairName();
    }

    /** The private key beside the public one (what ssh -i needs), if it is there. */
    public Optional<Path> privateKeyFile() {
        String name = publicKeyFile.getFileName().toString();
        if (!name.endsWith(".pub")) {
            return Optional.empty();
        }
        Path priv = publicKeyFile.resolveSibling(name.substring(0, name.length() - 4));
        return Files.isRegularFile(priv) ? Optional.of(priv) : Optional.empty();
    }
}
