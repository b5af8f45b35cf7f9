package dev.devbox.trim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import proguard.Configuration;
import proguard.ConfigurationParser;
import proguard.ParseException;
import proguard.ProGuard;

/**
 * Runs ProGuard in shrink-only mode over devbox's jars and the service jars (the rest, and the
 * running JDK's classes, as libraries) and reads back which classes and members it kept. Its
 * output jars are thrown away: without preverification they lack stack maps, and the trimmer
 * ships the original class files anyway.
 */
final class ProGuardUsage {
    /** The JDK modules a function's code can touch; the running JDK's own classes stand in for Lambda's. */
    private static final List<String> JDK_MODULES = List.of("java.base", "java.logging", "java.net.http", "java.xml",
            "java.sql", "java.naming", "java.management", "java.desktop", "jdk.crypto.ec", "jdk.unsupported");

    private ProGuardUsage() {
    }

    static UsedMembers of(List<Path> program, List<Path> libraries, Path work) {
        try {
            Files.createDirectories(work);
            Path jdk = jdkClasses(work.resolve("jdk-classes.jar"));
            Path out = Files.createDirectories(work.resolve("proguard-out"));
            List<String> lines = new ArrayList<>();
            for (Path jar : program) {
                lines.add("-injars " + quoted(jar) + "(!META-INF/**,!module-info.class)");
                lines.add("-outjars " + quoted(out.resolve(jar.getFileName())));
            }
            for (Path jar : libraries) {
                lines.add("-libraryjars " + quoted(jar) + "(!META-INF/versions/**,!module-info.class)");
            }
            lines.add("-libraryjars " + quoted(jdk));
            Path config = work.resolve("trim.pro");
            Files.write(config, Stream.concat(lines.stream(), keepRules().stream()).toList(), StandardCharsets.UTF_8);
            Configuration configuration = new Configuration();
            try (ConfigurationParser parser = new ConfigurationParser(config.toFile(), System.getProperties())) {
                parser.parse(configuration);
            }
            new ProGuard(configuration).execute();
            Map<String, Set<String>> used = new HashMap<>();
            for (Path jar : program) {
                read(out.resolve(jar.getFileName()), used);
            }
            return new UsedMembers(used);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("ProGuard refused the trimmer's configuration: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("ProGuard failed: " + e, e);
        }
    }

    private static List<String> keepRules() throws IOException {
        try (InputStream in = ProGuardUsage.class.getResourceAsStream("keep.pro")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String quoted(Path p) {
        return "'" + p.toAbsolutePath() + "'";
    }

    /**
     * The running JDK's classes of {@link #JDK_MODULES} as one jar, read through jrt:/ so that a
     * JDK without jmods (Debian ships them apart) serves as well. ProGuard needs them to see which
     * methods override the JDK's (toString, equals, run ...), which it must keep.
     */
    private static Path jdkClasses(Path jar) throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.setLevel(0);
            for (String module : JDK_MODULES) {
                Path root = jrt.getPath("/modules", module);
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class")
                            && !p.getFileName().toString().equals("module-info.class"))::iterator) {
                        zip.putNextEntry(new ZipEntry(root.relativize(f).toString()));
                        zip.write(Files.readAllBytes(f));
                        zip.closeEntry();
                    }
                }
            }
        }
        return jar;
    }

    private static void read(Path jar, Map<String, Set<String>> used) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/")) {
                    continue;
                }
                ClassFile kept;
                try (InputStream in = zip.getInputStream(e)) {
                    kept = new ClassFile(in.readAllBytes());
                }
                used.put(kept.name(), kept.members());
            }
        }
    }
}
