package dev.devbox.cli.project;

import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.ssh.LocalPublicKey;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which key a box gets, as far as the user's machine decides it: {@code --key NAME} names an
 * existing EC2 key pair; {@code --key FILE.pub} or, by default, ~/.ssh/id_ed25519.pub (then
 * id_rsa.pub) is a public key the control plane imports once, under a name derived from the key.
 */
final class KeyPairs {
    private KeyPairs() {
    }

    /** Resolves the local side only (no AWS): fails early when there is no key to use. */
    static Object localChoice(String keyOption, Path home) {
        if (keyOption != null) {
            Path file = expand(keyOption, home);
            if (keyOption.endsWith(".pub") || Files.isRegularFile(file)) {
                if (!Files.isRegularFile(file)) {
                    throw new NotFoundException("No such public key file: " + file + ".");
                }
                return LocalPublicKey.read(file);
            }
            return keyOption;
        }
        return LocalPublicKey.discover(home).orElseThrow(() -> new ConfigurationException(
                "No SSH key found (~/.ssh/id_ed25519.pub or ~/.ssh/id_rsa.pub): create one with"
                        + " 'ssh-keygen -t ed25519', or pass --key with an EC2 key pair name or a .pub file."));
    }

    static Path expand(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/")) {
            return home.resolve(path.substring(2));
        }
        return Path.of(path);
    }
}
