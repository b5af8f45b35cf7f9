package dev.devbox.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Benchmark 1b: each function's deployment artifact, zipped as `sam build`/`sam deploy` ship it
 * (the Makefile copies target/lambda/lib/*.jar to $(ARTIFACTS_DIR)/lib; the upload is a zip of
 * that directory, default deflate). Jars are already compressed, so the zip is close to their sum.
 */
public final class ArtifactSize {
    static final double AIM_MB = 15;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Report report = new Report("1b-artifact-size", "1b. Deployment artifact size per function");
        List<List<String>> rows = new ArrayList<>();
        for (String module : List.of("snapshot-fn", "ami-fn", "cleanup-fn", "control-fn")) {
            Path lib = root.resolve(module).resolve("target/lambda/lib");
            List<Path> jars;
            try (var files = Files.list(lib)) {
                jars = files.filter(f -> f.toString().endsWith(".jar"))
                        .sorted(Comparator.comparingLong(ArtifactSize::size).reversed()).toList();
            }
            Path zip = Files.createTempFile("devbox-" + module, ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                for (Path jar : jars) {
                    out.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                    Files.copy(jar, (OutputStream) out);
                    out.closeEntry();
                }
            }
            double mb = size(zip) / 1e6;
            Files.delete(zip);
            String top = jars.stream().limit(4).map(j -> j.getFileName() + " " + String.format("%.1f", size(j) / 1e6))
                    .collect(Collectors.joining(", "));
            rows.add(List.of(module, Integer.toString(jars.size()), String.format("%.1f MB", mb),
                    mb <= AIM_MB ? "meets 15 MB" : String.format("misses by %.1f MB (x%.2f)", mb - AIM_MB, mb / AIM_MB),
                    top));
        }
        report.line("Zip of `<module>/target/lambda/lib/*.jar` under `lib/` (what the Makefile hands to sam), MB = 10^6 bytes.");
        report.line("");
        report.table(List.of("function", "jars", "zip", "aim < 15 MB", "largest jars (MB)"), rows);
        Path ec2 = findEc2Jar(root.resolve("snapshot-fn/target/lambda/lib"));
        if (ec2 != null) {
            try (ZipFile z = new ZipFile(ec2.toFile())) {
                long classes = z.stream().filter(e -> e.getName().endsWith(".class")).count();
                long modelClasses = z.stream().filter(e -> e.getName().contains("/ec2/model/")).count();
                report.line(String.format("%s alone is %.1f MB: %d classes, %d of them in `ec2.model` (every request,"
                        + " response and shape of the whole EC2 API; devbox calls about 15 operations).",
                        ec2.getFileName(), size(ec2) / 1e6, classes, modelClasses));
            }
        }
        report.write();
    }

    private static Path findEc2Jar(Path lib) throws IOException {
        try (var files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().matches("ec2-[0-9.]+\\.jar")).findFirst().orElse(null);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
