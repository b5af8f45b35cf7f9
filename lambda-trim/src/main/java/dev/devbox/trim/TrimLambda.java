package dev.devbox.trim;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Trims a function's lib/ for deployment: each AWS SDK service jar loses the classes and members
 * devbox's code cannot reach, every other jar is copied as it is.
 *
 * <p>Two steps, because neither alone gets there. ProGuard (shrink only) drops the unused methods
 * of the service clients, which name every operation of the API; but it keeps nearly every
 * request class, as each request and its builder keep each other alive through the SDK's
 * {@code toBuilder}/{@code build} interfaces. So a second pass keeps a request, response,
 * marshaller, paginator or waiter class only if a class already kept names it, walking from
 * everything that is not such a class. Kept classes are the original bytes, less dropped members.
 */
public final class TrimLambda {
    private final PrintStream log;

    TrimLambda(PrintStream log) {
        this.log = log;
    }

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: TrimLambda IN_LIB OUT_LIB [WORK_DIR]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path work = args.length == 3 ? Path.of(args[2]) : out.resolveSibling(out.getFileName() + ".trim-work");
        new TrimLambda(System.out).trim(in, out, work);
    }

    /** The sizes before and after, per trimmed jar and in all. */
    record Report(Map<String, long[]> jars, long before, long after) {
    }

    Report trim(Path in, Path out, Path work) {
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("OUT_LIB must differ from IN_LIB: " + in);
        }
        try {
            List<Path> jars = jars(in);
            if (jars.isEmpty()) {
                throw new IllegalArgumentException("no jars in " + in);
            }
            String key = TrimInputs.key(jars);
            Path stamp = work.resolve("trimmed-from.sha256");
            if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(key) && sameJars(jars, out)) {
                log.printf("lambda-trim: %s is up to date (same jars, rules and trimmer)%n", out);
                return new Report(Map.of(), total(jars), total(jars(out)));
            }
            Files.deleteIfExists(stamp); // a run that fails half-way must not look finished
            Map<Path, JarKind> kinds = new LinkedHashMap<>();
            jars.forEach(j -> kinds.put(j, JarKind.of(j)));
            List<Path> program = jars.stream().filter(j -> kinds.get(j) != JarKind.LIBRARY).toList();
            List<Path> libraries = jars.stream().filter(j -> kinds.get(j) == JarKind.LIBRARY).toList();
            boolean anyService = kinds.containsValue(JarKind.SERVICE);
            UsedMembers used = anyService ? ProGuardUsage.of(program, libraries, work) : new UsedMembers(Map.of());
            Map<String, ClassFile> classes = new HashMap<>();
            Map<String, JarKind> kindOf = new HashMap<>();
            for (Path jar : jars) {
                readClasses(jar, kinds.get(jar), classes, kindOf);
            }
            Set<String> kept = reachable(classes, kindOf, used);
            Set<String> removed = new HashSet<>(classes.keySet());
            removed.removeAll(kept);

            Files.createDirectories(out);
            try (Stream<Path> old = Files.list(out)) {
                for (Path p : (Iterable<Path>) old.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                    Files.delete(p);
                }
            }
            Map<String, long[]> report = new LinkedHashMap<>();
            long before = 0;
            long after = 0;
            for (Path jar : jars) {
                Path target = out.resolve(jar.getFileName());
                if (kinds.get(jar) == JarKind.SERVICE) {
                    int[] counts = writeTrimmed(jar, target, classes, used, removed);
                    report.put(jar.getFileName().toString(),
                            new long[] {Files.size(jar), Files.size(target), counts[0], counts[1]});
                } else {
                    Files.copy(jar, target);
                }
                before += Files.size(jar);
                after += Files.size(target);
            }
            report.forEach((jar, r) -> log.printf("lambda-trim: %s %s -> %s (%,d of %,d classes kept)%n",
                    jar, mb(r[0]), mb(r[1]), r[3], r[2]));
            log.printf("lambda-trim: %s: %d jars, %s -> %s%n", out, jars.size(), mb(before), mb(after));
            Files.createDirectories(work);
            Files.writeString(stamp, key);
            return new Report(report, before, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Everything outside the service jars is kept, and so is every service class ProGuard kept
     * that is not per-operation; a per-operation class only when a kept class names it.
     */
    static Set<String> reachable(Map<String, ClassFile> classes, Map<String, JarKind> kindOf, UsedMembers used) {
        Set<String> live = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String name : classes.keySet()) {
            boolean service = kindOf.get(name) == JarKind.SERVICE;
            if (!service || used.keepsClass(name) && !JarKind.perOperation(name)) {
                live.add(name);
                todo.add(name);
            }
        }
        while (!todo.isEmpty()) {
            String name = todo.pop();
            for (String ref : classes.get(name).references(members(name, kindOf, used))) {
                if (classes.containsKey(ref) && kindOf.get(ref) == JarKind.SERVICE && used.keepsClass(ref)
                        && live.add(ref)) {
                    todo.add(ref);
                }
            }
        }
        return live;
    }

    private static ClassFile.Members members(String className, Map<String, JarKind> kindOf, UsedMembers used) {
        return kindOf.get(className) == JarKind.SERVICE
                ? (name, descriptor) -> used.keepsMember(className, name, descriptor)
                : ClassFile.Members.ALL;
    }

    private static boolean sameJars(List<Path> jars, Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return false;
        }
        return jars.stream().map(Path::getFileName).toList().equals(jars(out).stream().map(Path::getFileName).toList());
    }

    private static long total(List<Path> jars) throws IOException {
        long bytes = 0;
        for (Path jar : jars) {
            bytes += Files.size(jar);
        }
        return bytes;
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    static void readClasses(Path jar, JarKind kind, Map<String, ClassFile> classes, Map<String, JarKind> kindOf)
            throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : entries(zip)) {
                if (isClass(e)) {
                    ClassFile c;
                    try (InputStream is = zip.getInputStream(e)) {
                        c = new ClassFile(is.readAllBytes());
                    }
                    // The first jar on the classpath wins, as in the JVM.
                    if (classes.putIfAbsent(c.name(), c) == null) {
                        kindOf.put(c.name(), kind);
                    }
                }
            }
        }
    }

    /** Returns {classes before, classes after}. */
    private static int[] writeTrimmed(Path jar, Path target, Map<String, ClassFile> classes, UsedMembers used,
                                      Set<String> removed) throws IOException {
        int total = 0;
        int kept = 0;
        try (ZipFile zip = new ZipFile(jar.toFile());
             ZipOutputStream o = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e : entries(zip)) {
                byte[] bytes;
                try (InputStream is = zip.getInputStream(e)) {
                    bytes = is.readAllBytes();
                }
                if (isClass(e)) {
                    total++;
                    String name = e.getName().substring(0, e.getName().length() - ".class".length());
                    if (removed.contains(name)) {
                        continue;
                    }
                    kept++;
                    bytes = classes.get(name).without((n, d) -> used.keepsMember(name, n, d), removed);
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                o.putNextEntry(copy);
                o.write(bytes);
                o.closeEntry();
            }
        }
        return new int[] {total, kept};
    }

    private static boolean isClass(ZipEntry e) {
        return e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")
                && !e.getName().endsWith("module-info.class");
    }

    private static List<ZipEntry> entries(ZipFile zip) {
        List<ZipEntry> all = new ArrayList<>();
        zip.entries().asIterator().forEachRemaining(all::add);
        return all;
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1_000_000.0);
    }
}
