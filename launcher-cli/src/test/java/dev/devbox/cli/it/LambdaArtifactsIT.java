package dev.devbox.cli.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What `sam build` uploads for each function stays under 15 MB, because lambda-trim cut the SDK's
 * service jars down to what devbox reaches: a build that ships the whole EC2 API again (24 MB for
 * the ec2 jar alone) fails here. PackagedFunctionsIT runs these same trimmed jars.
 */
class LambdaArtifactsIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final long LIMIT = 15_000_000;
    private static final String EC2_MODEL = "software/amazon/awssdk/services/ec2/model/";

    @ParameterizedTest
    @ValueSource(strings = {"snapshot-fn", "ami-fn", "cleanup-fn", "control-fn"})
    void each_functions_zip_is_under_15_mb_and_carries_only_the_ec2_operations_devbox_calls(String module)
            throws IOException {
        Path lib = REPO.resolve(module).resolve("target/lambda/lib");
        long zipped = zippedSize(lib);
        assertTrue(zipped < LIMIT, module + ": the deployment zip of " + lib + " is " + zipped + " bytes, over " + LIMIT);
        Path ec2 = jar(lib, "ec2-");
        Path untrimmed = jar(REPO.resolve(module).resolve("target/lambda-full/lib"), "ec2-");
        // An operation devbox never calls: in the SDK's jar, not in the function's.
        assertTrue(has(untrimmed, EC2_MODEL + "DeleteVpcRequest.class"));
        assertFalse(has(ec2, EC2_MODEL + "DeleteVpcRequest.class"), module + " ships DeleteVpcRequest");
        assertFalse(has(ec2, "software/amazon/awssdk/services/ec2/DefaultEc2AsyncClient.class"), module);
        // One every function's code (the shared adapters) calls.
        assertTrue(has(ec2, EC2_MODEL + "DescribeInstancesRequest.class"), module);
    }

    /** The size of lib/*.jar zipped as `sam build` zips the task root (deflate, default level). */
    private static long zippedSize(Path lib) throws IOException {
        CountingStream counted = new CountingStream();
        try (ZipOutputStream zip = new ZipOutputStream(counted); Stream<Path> jars = Files.list(lib)) {
            for (Path jar : (Iterable<Path>) jars.sorted()::iterator) {
                zip.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                Files.copy(jar, zip);
                zip.closeEntry();
            }
        }
        return counted.bytes;
    }

    private static Path jar(Path lib, String prefix) throws IOException {
        try (Stream<Path> jars = Files.list(lib)) {
            List<Path> found = jars.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertTrue(found.size() == 1, prefix + "*.jar in " + lib + ": " + found);
            return found.get(0);
        }
    }

    private static boolean has(Path jar, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        }
    }

    private static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
