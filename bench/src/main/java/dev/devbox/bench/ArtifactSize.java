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
 * lambda-trim makes that lib/ from target/lambda-full/lib (the untrimmed jars), which is zipped
 * too, for the comparison.
 */
public final class ArtifactSize {
    static final double AIM_MB = 15;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Report report = new Report("1b-artifact-size", "1b. Deployment artifact size per function");
        List<List<String>> rows = new ArrayList<>();
        for (String module : List.of("snapshot-fn", "ami-fn", "cleanup-fn", "control-fn")) {
            Path lib = root.resolve(module).resolve("target/lambda/lib");
            List<Path> jars = jars(lib);
            double mb = zipped(module, jars) / 1e6;
            double untrimmed = zipped(module, jars(root.resolve(module).resolve("target/lambda-full/lib"))) / 1e6;
            String top = jars.stream().limit(4).map(j -> j.getFileName() + " " + String.format("%.1f", size(j) / 1e6))
                    .collect(Collectors.joining(", "));
            rows.add(List.of(module, Integer.toString(jars.size()), String.format("%.1f MB", mb),
                    String.format("%.1f MB", untrimmed),
                    mb <= AIM_MB ? "meets 15 MB" : String.format("misses by %.1f MB (x%.2f)", mb - AIM_MB, mb / AIM_MB),
                    top));
        }
        report.line("Zip of `<module>/target/lambda/lib/*.jar` under `lib/` (what the Makefile hands to sam; its SDK"
                + " service jars trimmed by lambda-trim), and of `target/lambda-full/lib` (untrimmed). MB = 10^6 bytes.");
        report.line("");
        report.table(List.of("function", "jars", "zip", "untrimmed zip", "aim < 15 MB", "largest jars (MB)"), rows);
        Path ec2 = findEc2Jar(root.resolve("snapshot-fn/target/lambda/lib"));
        Path full = findEc2Jar(root.resolve("snapshot-fn/target/lambda-full/lib"));
        if (ec2 != null && full != null) {
            report.line(String.format("%s: %.1f MB with %s, against %.1f MB with %s in the SDK's jar (the whole EC2 API).",
                    ec2.getFileName(), size(ec2) / 1e6, classes(ec2), size(full) / 1e6, classes(full)));
        }
        report.write();
    }

    private static List<Path> jars(Path lib) throws IOException {
        try (var files = Files.list(lib)) {
            return files.filter(f -> f.toString().endsWith(".jar"))
                    .sorted(Comparator.comparingLong(ArtifactSize::size).reversed()).toList();
        }
    }

    private static long zipped(String module, List<Path> jars) throws IOException {
        Path zip = Files.createTempFile("devbox-" + module, ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Path jar : jars) {
                out.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                Files.copy(jar, (OutputStream) out);
                out.closeEntry();
            }
        }
        long bytes = size(zip);
        Files.delete(zip);
        return bytes;
    }

    private static String classes(Path jar) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            long classes = z.stream().filter(e -> e.getName().endsWith(".class")).count();
            long model = z.stream().filter(e -> e.getName().contains("/ec2/model/")).count();
            return String.format("%,d classes (%,d in `ec2.model`)", classes, model);
        }
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
