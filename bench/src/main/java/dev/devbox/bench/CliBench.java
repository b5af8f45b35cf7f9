package dev.devbox.bench;

import dev.devbox.cli.local.LocalControlPlane;
import dev.devbox.cli.local.LocalStack;
import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 5: the `devbox` command as whole processes (the built distribution's launcher
 * script, its default JVM options), against a local emulator with the local stack
 * bootstrapped as `devbox local` does and 100 projects: 98 READY ones written as items, one
 * that went through a real cycle (READY with a real AMI, for `status`), one RUNNING.
 * Then the same with an AppCDS archive (dynamic archive written by one training run),
 * interleaved run by run with the default so the ratio is measured under the same load.
 */
public final class CliBench {
    static final String STACK = "devbox";
    /** The launcher's own defaults (launcher-cli/src/main/dist/bin/devbox), kept so the variants differ only in CDS. */
    static final String DEFAULT_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path devbox = root.resolve("launcher-cli/target/devbox/bin/devbox");
        if (!Files.isExecutable(devbox)) {
            throw new IllegalStateException(devbox + " is missing: ./mvnw -pl launcher-cli -am package -DskipTests");
        }
        int runs = Report.smoke() ? 1 : Integer.getInteger("devbox.bench.runs", 7);
        Path work = Files.createTempDirectory("devbox-cli");
        Path home = Files.createDirectories(work.resolve("home"));
        Path archive = work.resolve("devbox-cli.jsa");
        Report report = new Report("5-cli", "5. CLI: whole-process times");

        try (LocalAws aws = Quietly.start();
             // every command is a request to the stack's control plane, served on loopback as `devbox local` does
             LocalControlPlane control = LocalControlPlane.listen()) {
            Map<String, String> outputs = LocalStack.bootstrap(aws, STACK, control.outputs());
            control.serve(aws, STACK, outputs, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try (World world = new World(aws, Clock.systemUTC(), STACK, outputs.get("TableName"))) {
                String web = world.launch("web", 1);
                world.settle();
                world.terminate(web);
                world.settle();
                if (world.project("web").state() != ProjectState.READY) {
                    throw new IllegalStateException("seed project web is not READY");
                }
                world.launch("api", 1);
                world.settle();
                Seed.readyProjects(aws.dynamo(), outputs.get("TableName"), "proj", 98, Clock.systemUTC().instant(),
                        aws.environment().get("AWS_ACCESS_KEY_ID"));
            }
            Map<String, String> env = new LinkedHashMap<>(aws.environment());
            env.put("HOME", home.toString());

            List<List<String>> commands = List.of(List.of("--version"), List.of("list"), List.of("status", "web"));
            // Sanity: every command works and list shows 100 projects.
            String listed = run(devbox, List.of("list"), env, DEFAULT_OPTS).output();
            long rows = listed.lines().filter(l -> l.startsWith("proj") || l.startsWith("web") || l.startsWith("api")).count();
            if (rows != 100) {
                throw new IllegalStateException("devbox list showed " + rows + " projects, expected 100:\n" + listed);
            }
            // AppCDS cannot be dumped with the distribution's classpath as it is: DynamoDBLocal's manifest has
            // `Class-Path: .`, which puts the non-empty lib/ directory on the path, and CDS refuses
            // ("Cannot have non-empty directory in paths"). So the CDS variants run the same java command
            // as the launcher with lib/*.jar minus DynamoDBLocal (not needed by these commands); the
            // "trimmed" variant separates the effect of that from CDS's.
            Path lib = devbox.getParent().getParent().resolve("lib");
            String dumpError = Report.smoke() ? "(not tried in the smoke run)"
                    : tryDefaultDump(devbox, env, work.resolve("default.jsa"));
            List<String> trimmed = new ArrayList<>();
            trimmed.add(lib.resolve("devbox-launcher-cli.jar").toString());
            try (var jars = Files.list(lib)) {
                jars.map(Path::toString).filter(j -> j.endsWith(".jar") && !j.contains("DynamoDBLocal")
                        && !j.endsWith("devbox-launcher-cli.jar")).sorted().forEach(trimmed::add);
            }
            String classpath = String.join(":", trimmed);
            long trainStart = System.nanoTime();
            if (!Report.smoke()) { // the smoke run skips the (slow) archive dump and the CDS variant
                runJava(lib.getParent(), classpath, List.of("status", "web"), env,
                        DEFAULT_OPTS + " -XX:ArchiveClassesAtExit=" + archive);
            }
            long trainMs = World.since(trainStart).toMillis();
            String cdsOpts = DEFAULT_OPTS + " -XX:SharedArchiveFile=" + archive;

            Map<String, Map<String, Stats>> byVariant = new LinkedHashMap<>();
            for (String v : List.of("default", "trimmed", "cds")) {
                byVariant.put(v, new LinkedHashMap<>());
            }
            for (int i = Report.smoke() ? 0 : -1; i < runs; i++) { // one unrecorded warm-up round
                for (List<String> cmd : commands) {
                    if (Report.smoke() && !cmd.get(0).equals("--version")) {
                        run(devbox, cmd, env, DEFAULT_OPTS); // works; the three variants only for --version
                        continue;
                    }
                    String key = "devbox " + String.join(" ", cmd);
                    double a = run(devbox, cmd, env, DEFAULT_OPTS).millis();
                    double b = Report.smoke() ? Double.NaN // the smoke run keeps only the shipped and the CDS variants
                            : runJava(lib.getParent(), classpath, cmd, env, DEFAULT_OPTS).millis();
                    double c = Report.smoke() ? Double.NaN : runJava(lib.getParent(), classpath, cmd, env, cdsOpts).millis();
                    if (i >= 0) {
                        byVariant.get("default").computeIfAbsent(key, k -> new Stats()).add(a);
                        byVariant.get("trimmed").computeIfAbsent(key, k -> new Stats()).add(b);
                        byVariant.get("cds").computeIfAbsent(key, k -> new Stats()).add(c);
                    }
                }
            }
            report.line("`launcher-cli/target/devbox/bin/devbox` (the distribution's launcher script; default"
                    + " `DEVBOX_JAVA_OPTS` = `" + DEFAULT_OPTS + "`), environment from `LocalAws.environment()`"
                    + " (AWS_ENDPOINT_URL*, region, credentials), an empty HOME, local stack bootstrapped with"
                    + " `LocalStack.bootstrap` and 100 projects. Wall time of the whole process (fork to exit) in ms,"
                    + " median (min, max) over " + runs + " runs; the three variants of a command run back to back"
                    + " each round, so ratios are under the same load.");
            report.line("");
            List<List<String>> table = new ArrayList<>();
            Map<String, Stats> plain = byVariant.get("default");
            for (String key : plain.keySet()) {
                Stats t = byVariant.get("trimmed").get(key);
                Stats c = byVariant.get("cds").get(key);
                table.add(List.of("`" + key + "`", plain.get(key).summary(), t.summary(), c.summary(),
                        String.format("%.2f", c.median() / plain.get(key).median())));
            }
            report.table(List.of("command", "default launcher", "same JVM, classpath without DynamoDBLocal",
                    "same + AppCDS archive", "ratio AppCDS / default"), table);
            report.line("Dumping an archive with the launcher's own classpath fails: `" + dumpError + "`"
                    + " (DynamoDBLocal's manifest `Class-Path: .` adds the non-empty lib/ directory).");
            report.line(String.format("The archive was written by one `devbox status web` run with"
                    + " `-XX:ArchiveClassesAtExit` (that run took %d ms) and is %.1f MiB; used with"
                    + " `-XX:SharedArchiveFile`.", trainMs, Files.exists(archive) ? Files.size(archive) / 1048576.0 : 0));
            report.write();
        }
    }

    /** The error a dump with the launcher's own classpath ends with (expected to fail, see above). */
    static String tryDefaultDump(Path devbox, Map<String, String> env, Path archive) throws IOException, InterruptedException {
        try {
            run(devbox, List.of("--version"), env, DEFAULT_OPTS + " -XX:ArchiveClassesAtExit=" + archive);
            return "none (the dump worked)";
        } catch (IllegalStateException e) {
            return e.getMessage().lines().filter(l -> l.contains("[cds")).findFirst().orElse(e.getMessage())
                    .replaceAll("^\\[[^]]*\\]", "").trim();
        }
    }

    /** What the launcher script runs, with an explicit classpath. */
    static Result runJava(Path home, String classpath, List<String> args, Map<String, String> env, String opts)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(opts.split(" ")));
        command.addAll(List.of("-cp", classpath, "-Ddevbox.home=" + home, "dev.devbox.cli.Devbox"));
        command.addAll(args);
        return exec(command, args, env);
    }

    record Result(double millis, String output) {
    }

    static Result run(Path devbox, List<String> args, Map<String, String> env, String javaOpts)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(devbox.toString());
        command.addAll(args);
        Map<String, String> withOpts = new LinkedHashMap<>(env);
        withOpts.put("DEVBOX_JAVA_OPTS", javaOpts);
        return exec(command, args, withOpts);
    }

    static Result exec(List<String> command, List<String> args, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("DEVBOX_") || k.startsWith("JAVA_TOOL"));
        pb.environment().putAll(env);
        pb.environment().put("NO_COLOR", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        double ms = (System.nanoTime() - start) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException("devbox " + args + " exited " + exit + ":\n" + out);
        }
        return new Result(ms, out);
    }
}
