package dev.devbox.trim;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A function's lib/ made from the fixture classes compiled with these tests: a devbox jar that
 * calls one operation of a fake service, the service's jar, and a library jar in the SDK core's
 * place.
 */
final class FixtureJars {
    static final String DEVBOX = "devbox-fixture.jar";
    static final String SERVICE = "fake-service.jar";
    static final String LIBRARY = "fixture-library.jar";

    private FixtureJars() {
    }

    static Path lib(Path dir) throws IOException {
        Path classes = testClasses();
        Path lib = Files.createDirectories(dir.resolve("lib"));
        jar(classes, "dev/devbox/trimfixture/", lib.resolve(DEVBOX));
        jar(classes, "software/amazon/awssdk/services/fake/", lib.resolve(SERVICE));
        jar(classes, "com/example/trimfixture/", lib.resolve(LIBRARY));
        return lib;
    }

    static Path testClasses() {
        try {
            return Path.of(FixtureJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void jar(Path classes, String prefix, Path jar) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(classes.resolve(prefix))) {
            files = all.filter(Files::isRegularFile).sorted().toList();
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            zip.closeEntry();
            for (Path f : files) {
                zip.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
    }
}
