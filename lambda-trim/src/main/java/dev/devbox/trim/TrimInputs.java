package dev.devbox.trim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a trimmed lib/ was made from: the input jars, the keep rules and the trimmer's own code.
 * A build that packages a function again with nothing changed (CI packages each one three times:
 * the tests, the box test's build and sam build) skips the 20 s of ProGuard.
 */
final class TrimInputs {
    private TrimInputs() {
    }

    static String key(List<Path> jars) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            hashCode(sha);
            try (InputStream rules = TrimInputs.class.getResourceAsStream("keep.pro")) {
                sha.update(rules.readAllBytes());
            }
            for (Path jar : jars) {
                sha.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(jar));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The trimmer's jar, or its classes directory when tests run it from target/classes. */
    private static void hashCode(MessageDigest sha) throws IOException {
        Path code;
        try {
            code = Path.of(TrimInputs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isRegularFile(code)) {
            sha.update(Files.readAllBytes(code));
            return;
        }
        try (Stream<Path> files = Files.walk(code)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                sha.update(code.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(f));
            }
        }
    }
}
