package dev.devbox.cli.project;

import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.ssh.LocalPublicKey;
import dev.devbox.domain.ResourceNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Which EC2 key pair a box gets. {@code --key NAME} names an existing key pair; {@code --key FILE.pub}
 * or, by default, ~/.ssh/id_ed25519.pub (then id_rsa.pub) is imported once under a name derived
 * from the key itself, so every later launch finds it.
 */
final class KeyPairs {
    private KeyPairs() {
    }

    /** The chosen key: its EC2 name and, when known, the local private key for ssh -i. */
    record ChosenKey(String keyName, Optional<Path> privateKey) {
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

    static ChosenKey ensure(Ec2Client ec2, Object choice, String stack) {
        if (choice instanceof String name) {
            try {
                ec2.describeKeyPairs(r -> r.keyNames(name));
            } catch (Ec2Exception e) {
                if (isCode(e, "InvalidKeyPair.NotFound")) {
                    throw new NotFoundException("No EC2 key pair named '" + name + "' in this region: pass"
                            + " --key FILE.pub to import one, or omit --key to use ~/.ssh/id_ed25519.pub.");
                }
                throw e;
            }
            return new ChosenKey(name, Optional.empty());
        }
        LocalPublicKey key = (LocalPublicKey) choice;
        String name = key.keyPairName();
        boolean exists;
        try {
            exists = !ec2.describeKeyPairs(r -> r.keyNames(name)).keyPairs().isEmpty();
        } catch (Ec2Exception e) {
            if (!isCode(e, "InvalidKeyPair.NotFound")) {
                throw e;
            }
            exists = false;
        }
        if (!exists) {
            try {
                ec2.importKeyPair(r -> r.keyName(name)
                        .publicKeyMaterial(SdkBytes.fromString(key.material(), StandardCharsets.US_ASCII))
                        .tagSpecifications(t -> t.resourceType(ResourceType.KEY_PAIR)
                                .tags(tag -> tag.key(ResourceNames.TAG_STACK).value(stack))));
            } catch (Ec2Exception e) {
                if (!isCode(e, "InvalidKeyPair.Duplicate")) { // a concurrent launch imported it first
                    throw e;
                }
            }
        }
        return new ChosenKey(name, key.privateKeyFile());
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

    static boolean isCode(Ec2Exception e, String code) {
        return e.awsErrorDetails() != null && code.equals(e.awsErrorDetails().errorCode());
    }
}
