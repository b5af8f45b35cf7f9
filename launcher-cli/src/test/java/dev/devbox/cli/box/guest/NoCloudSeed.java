package dev.devbox.cli.box.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A NoCloud seed disk: an ISO 9660 volume labelled {@code cidata} holding {@code meta-data} and
 * {@code user-data}, which cloud-init finds by its label. The user data is passed as given (devbox sends it
 * gzipped; cloud-init unpacks it as it does on EC2), and the SSH key goes into the meta-data's
 * {@code public-keys}, where EC2 puts the key pair's key, so the user data stays exactly devbox's.
 */
public final class NoCloudSeed {
    private NoCloudSeed() {
    }

    public static Path write(Path dir, String instanceId, String hostname, String publicKey, byte[] userData)
            throws IOException {
        Path content = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(content.resolve("meta-data"), "instance-id: " + instanceId + "\n"
                + "local-hostname: " + hostname + "\n"
                + "public-keys:\n"
                + "  - " + publicKey.strip() + "\n");
        Files.write(content.resolve("user-data"), userData);
        Path iso = dir.resolve("seed.iso");
        List<String> command = List.of("genisoimage", "-quiet", "-output", iso.toString(), "-volid", "cidata",
                "-joliet", "-rock", content.resolve("meta-data").toString(), content.resolve("user-data").toString());
        Commands.run(command, Duration.ofSeconds(60)).orThrow(command);
        return iso;
    }
}
