package dev.devbox.trim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The trimmer on a fixture lib/ (see {@link FixtureJars}), one ProGuard run shared by the tests. */
class TrimLambdaTest {
    private static final String MODEL = "software/amazon/awssdk/services/fake/model/";
    private static final String CLIENT = "software/amazon/awssdk/services/fake/DefaultFakeClient";
    private static final String INTERFACE = "software/amazon/awssdk/services/fake/FakeClient";

    @TempDir
    static Path dir;
    static Path in;
    static Path out;
    static TrimLambda.Report report;
    static String log;

    @BeforeAll
    static void trim() throws IOException {
        in = FixtureJars.lib(dir.resolve("full"));
        out = dir.resolve("trimmed/lib");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        report = new TrimLambda(new PrintStream(printed, true, StandardCharsets.UTF_8)).trim(in, out, dir.resolve("work"));
        log = printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void the_trimmed_function_still_runs_its_call_on_a_verifying_jvm() throws Exception {
        // A fresh loader above the platform one: the fixture classes on the test classpath cannot stand in.
        List<URL> urls = new ArrayList<>();
        for (String jar : List.of(FixtureJars.DEVBOX, FixtureJars.SERVICE, FixtureJars.LIBRARY)) {
            urls.add(out.resolve(jar).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            @SuppressWarnings("unchecked")
            Supplier<String> caller = (Supplier<String>) loader.loadClass("dev.devbox.trimfixture.Caller")
                    .getConstructor().newInstance();
            // DefaultFakeClient lost a method; its kept one has a branch, so the verifier needs its stack map.
            assertEquals("hello world", caller.get());
            assertEquals(loader, caller.getClass().getClassLoader());
        }
    }

    @Test
    void an_operation_devbox_never_calls_loses_its_request_response_and_client_methods() throws IOException {
        Set<String> classes = classes(out.resolve(FixtureJars.SERVICE));
        assertTrue(classes.contains(MODEL + "UsedRequest"), classes.toString());
        assertTrue(classes.contains(MODEL + "UsedRequest$BuilderImpl"), classes.toString());
        assertTrue(classes.contains(MODEL + "UsedResponse"), classes.toString());
        for (String gone : List.of("UnusedRequest", "UnusedRequest$Builder", "UnusedRequest$BuilderImpl", "UnusedResponse")) {
            assertFalse(classes.contains(MODEL + gone), gone + " should be gone: " + classes);
        }
        assertEquals(Set.of("used"), operations(out.resolve(FixtureJars.SERVICE), CLIENT));
        assertEquals(Set.of("used"), operations(out.resolve(FixtureJars.SERVICE), INTERFACE));
        assertEquals(Set.of("used", "unused"), operations(in.resolve(FixtureJars.SERVICE), INTERFACE));
    }

    @Test
    void a_kept_class_no_longer_names_the_nested_classes_that_went() throws IOException {
        // FakeClient's dropped default method named UnusedRequest.Builder, so its InnerClasses listed it.
        assertTrue(nested(in.resolve(FixtureJars.SERVICE), INTERFACE).contains(MODEL + "UnusedRequest$Builder"));
        Set<String> after = nested(out.resolve(FixtureJars.SERVICE), INTERFACE);
        assertFalse(after.contains(MODEL + "UnusedRequest$Builder"), after.toString());
        assertTrue(nested(out.resolve(FixtureJars.SERVICE), MODEL + "UsedRequest").contains(MODEL + "UsedRequest$Builder"));
    }

    @Test
    void a_request_and_builder_that_only_name_each_other_go_even_when_proguard_keeps_them() throws IOException {
        // On the real SDK ProGuard keeps 849 of ec2's 852 requests, each with its builder: they implement
        // library methods (toBuilder, build, sdkFields) and so keep each other. The fixture's ProGuard run
        // drops them; this gives the second pass that verdict, to show it needs no help from ProGuard.
        UsedMembers proguard = ProGuardUsage.of(List.of(in.resolve(FixtureJars.DEVBOX), in.resolve(FixtureJars.SERVICE)),
                List.of(in.resolve(FixtureJars.LIBRARY)), dir.resolve("proguard-only"));
        Map<String, Set<String>> verdict = new HashMap<>(proguard.byClass());
        for (String c : List.of("UnusedRequest", "UnusedRequest$Builder", "UnusedRequest$BuilderImpl", "UnusedResponse")) {
            verdict.put(MODEL + c, members(in.resolve(FixtureJars.SERVICE), MODEL + c));
        }
        Map<String, ClassFile> classes = new HashMap<>();
        Map<String, JarKind> kinds = new HashMap<>();
        for (String jar : List.of(FixtureJars.DEVBOX, FixtureJars.SERVICE, FixtureJars.LIBRARY)) {
            TrimLambda.readClasses(in.resolve(jar), JarKind.of(in.resolve(jar)), classes, kinds);
        }
        Set<String> live = TrimLambda.reachable(classes, kinds, new UsedMembers(verdict));
        for (String gone : List.of("UnusedRequest", "UnusedRequest$Builder", "UnusedRequest$BuilderImpl", "UnusedResponse")) {
            // UnusedRequest$Builder is still in FakeClient's InnerClasses attribute: no reference, as the JVM sees it.
            assertFalse(live.contains(MODEL + gone), gone + " is live");
        }
        for (String kept : List.of("UsedRequest", "UsedRequest$Builder", "UsedRequest$BuilderImpl", "UsedResponse")) {
            assertTrue(live.contains(MODEL + kept), kept + " is not live");
        }
        assertTrue(live.contains(CLIENT) && live.contains(INTERFACE) && live.contains("dev/devbox/trimfixture/Caller"));
        assertTrue(live.contains("com/example/trimfixture/Copier"), "a library class is always kept");
    }

    @Test
    void a_kept_class_that_lost_nothing_is_the_original_file_and_other_jars_are_copied_as_they_are()
            throws IOException {
        assertArrayEquals(entry(in.resolve(FixtureJars.SERVICE), MODEL + "UsedResponse.class"),
                entry(out.resolve(FixtureJars.SERVICE), MODEL + "UsedResponse.class"));
        assertArrayEquals(Files.readAllBytes(in.resolve(FixtureJars.DEVBOX)), Files.readAllBytes(out.resolve(FixtureJars.DEVBOX)));
        assertArrayEquals(Files.readAllBytes(in.resolve(FixtureJars.LIBRARY)), Files.readAllBytes(out.resolve(FixtureJars.LIBRARY)));
        assertTrue(entryNames(out.resolve(FixtureJars.SERVICE)).contains("META-INF/MANIFEST.MF"));
    }

    @Test
    void the_report_says_what_each_service_jar_kept() {
        long[] service = report.jars().get(FixtureJars.SERVICE);
        assertEquals(1, report.jars().size(), report.jars().keySet().toString());
        assertTrue(service[1] < service[0], "smaller after");
        assertTrue(service[3] < service[2], "fewer classes after");
        assertTrue(report.after() < report.before());
        assertTrue(log.contains("lambda-trim: " + FixtureJars.SERVICE), log);
    }

    @Test
    void a_lib_without_service_jars_is_copied_whole_without_running_proguard() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("plain/lib"));
        Files.copy(in.resolve(FixtureJars.LIBRARY), lib.resolve(FixtureJars.LIBRARY));
        Path target = dir.resolve("plain/out");
        TrimLambda.Report plain = new TrimLambda(new PrintStream(OutputStream.nullOutputStream())).trim(lib, target,
                dir.resolve("plain/work"));
        assertTrue(plain.jars().isEmpty());
        assertFalse(Files.exists(dir.resolve("plain/work/proguard-out")), "ProGuard ran");
        assertArrayEquals(Files.readAllBytes(lib.resolve(FixtureJars.LIBRARY)), Files.readAllBytes(target.resolve(FixtureJars.LIBRARY)));
    }

    @Test
    void stale_jars_in_the_output_go_and_bad_arguments_are_refused_before_anything_is_written() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("stale/lib"));
        Files.copy(in.resolve(FixtureJars.LIBRARY), lib.resolve(FixtureJars.LIBRARY));
        Path target = Files.createDirectories(dir.resolve("stale/out"));
        Files.writeString(target.resolve("old-version.jar"), "stale");
        TrimLambda quiet = new TrimLambda(new PrintStream(OutputStream.nullOutputStream()));
        quiet.trim(lib, target, dir.resolve("stale/work"));
        assertFalse(Files.exists(target.resolve("old-version.jar")));

        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> quiet.trim(lib, lib, dir.resolve("stale/work")));
        assertTrue(same.getMessage().contains("must differ"), same.getMessage());
        assertTrue(Files.exists(lib.resolve(FixtureJars.LIBRARY)));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> quiet.trim(empty, dir.resolve("empty-out"), dir.resolve("empty-work")));
        assertTrue(none.getMessage().contains("no jars in"), none.getMessage());
        assertFalse(Files.exists(dir.resolve("empty-out")));
    }

    @Test
    void an_unchanged_lib_is_not_trimmed_again_and_a_changed_jar_is() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("again/lib"));
        for (String jar : List.of(FixtureJars.DEVBOX, FixtureJars.SERVICE, FixtureJars.LIBRARY)) {
            Files.copy(in.resolve(jar), lib.resolve(jar));
        }
        Path target = dir.resolve("again/out");
        Path work = dir.resolve("again/work");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TrimLambda trimmer = new TrimLambda(new PrintStream(printed, true, StandardCharsets.UTF_8));
        trimmer.trim(lib, target, work);
        byte[] first = Files.readAllBytes(target.resolve(FixtureJars.SERVICE));
        printed.reset();
        TrimLambda.Report again = trimmer.trim(lib, target, work);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("is up to date"), printed.toString());
        assertTrue(again.jars().isEmpty());
        assertArrayEquals(first, Files.readAllBytes(target.resolve(FixtureJars.SERVICE)));

        // A jar that changed (here: the library's replaced by the devbox jar's bytes) is trimmed again.
        Files.copy(in.resolve(FixtureJars.DEVBOX), lib.resolve(FixtureJars.LIBRARY), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        printed.reset();
        trimmer.trim(lib, target, work);
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains("is up to date"), printed.toString());
        // So is an output someone deleted a jar from.
        Files.delete(target.resolve(FixtureJars.DEVBOX));
        printed.reset();
        trimmer.trim(lib, target, work);
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains("is up to date"), printed.toString());
        assertTrue(Files.exists(target.resolve(FixtureJars.DEVBOX)));
    }

    private static Set<String> classes(Path jar) throws IOException {
        Set<String> names = new HashSet<>();
        for (String name : entryNames(jar)) {
            if (name.endsWith(".class")) {
                names.add(name.substring(0, name.length() - ".class".length()));
            }
        }
        return names;
    }

    private static List<String> entryNames(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    private static byte[] entry(Path jar, String name) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }

    /** Every field and method of {@code className}, as {@link UsedMembers} names them. */
    private static Set<String> members(Path jar, String className) throws IOException {
        return new ClassFile(entry(jar, className + ".class")).members();
    }

    /** The classes the InnerClasses attribute of {@code className} lists. */
    private static Set<String> nested(Path jar, String className) throws IOException {
        Set<String> names = new HashSet<>();
        new ClassReader(entry(jar, className + ".class")).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visitInnerClass(String name, String outerName, String innerName, int access) {
                names.add(name);
            }
        }, ClassReader.SKIP_CODE);
        return names;
    }

    /** The names of the public instance methods that take a request, i.e. the operations. */
    private static Set<String> operations(Path jar, String className) throws IOException {
        Set<String> names = new HashSet<>();
        new ClassReader(entry(jar, className + ".class")).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if ((access & Opcodes.ACC_STATIC) == 0 && !name.startsWith("<") && descriptor.contains("Request;")) {
                    names.add(name);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return names;
    }
}
