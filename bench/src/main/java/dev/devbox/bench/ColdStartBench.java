package dev.devbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Benchmark 1: each Lambda handler's cold start, a fresh JVM per run on the function's own
 * deployment classpath (target/lambda/lib/*.jar), pointed at one emulator started here. Before
 * each run the world is advanced (by the in-process pipeline) to just before the event the
 * handler gets, so the handler does its real work; afterwards the project's state is checked.
 */
public final class ColdStartBench {
    /** JAVA_TOOL_OPTIONS as template.yaml sets it (and what the java17+ runtimes default to). */
    static final String TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** What JVM ergonomics pick on a non-server-class machine such as a 1024 MB function (< 2 vCPUs). */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xshare:auto");

    record Function(String label, String module, String handler, Predicate<JsonNode> event, ProjectState after) {
    }

    static final List<Function> FUNCTIONS = List.of(
            new Function("snapshot-fn SnapshotHandler (instance terminated)", "snapshot-fn",
                    "dev.devbox.snapshot.SnapshotHandler",
                    e -> World.kind(e).equals("instance:terminated"), ProjectState.SNAPSHOTTING),
            new Function("ami-fn AmiHandler (last snapshot completed)", "ami-fn", "dev.devbox.ami.AmiHandler",
                    e -> World.kind(e).startsWith("snapshot:"), ProjectState.IMAGING),
            new Function("cleanup-fn CleanupHandler (AMI available)", "cleanup-fn", "dev.devbox.cleanup.CleanupHandler",
                    e -> World.kind(e).equals("image:available"), ProjectState.READY),
            new Function("cleanup-fn ReconcileHandler (one stuck IMAGING cycle)", "cleanup-fn",
                    "dev.devbox.cleanup.ReconcileHandler",
                    e -> World.kind(e).equals("image:available"), ProjectState.READY));

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = Report.smoke() ? 1 : Integer.getInteger("devbox.bench.runs", 5);
        Path work = Files.createTempDirectory("devbox-coldstart");
        Path hook = globalInterceptorHook(work);
        Report report = new Report("1-cold-start", "1. Lambda cold start (fresh JVM per run, function's own classpath)");

        Map<String, Map<String, Stats>> results = new LinkedHashMap<>();
        try (LocalAws aws = Quietly.start(); World world = new World(aws,
                // An hour in the past, so the reconciler's run finds its cycle stuck (DEVBOX_STUCK_MINUTES=30).
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))) {
            // A warm-up child per function (page cache, emulator warm), not counted.
            for (int run = Report.smoke() ? 0 : -1; run < runs; run++) {
                for (int f = 0; f < FUNCTIONS.size(); f++) {
                    Function fn = FUNCTIONS.get(f);
                    String project = "cs" + f + "r" + (run + 1);
                    world.launch(project, 1);
                    world.settle();
                    String instance = world.project(project).instanceId();
                    world.terminate(instance);
                    String event = world.settleHolding(e -> fn.event().test(e) && concerns(world, e, project, instance));
                    Path eventFile = work.resolve(project + ".json");
                    Files.writeString(eventFile, fn.handler().endsWith("ReconcileHandler") ? "{}" : event);

                    Map<String, Double> phases = runChild(root, fn, hook, eventFile, aws, world);
                    ProjectState state = world.project(project).state();
                    if (state != fn.after()) {
                        throw new IllegalStateException(fn.label() + ": project " + project + " is " + state
                                + " after the cold start, expected " + fn.after());
                    }
                    if (run >= 0) {
                        Map<String, Stats> byPhase = results.computeIfAbsent(fn.label(), k -> new LinkedHashMap<>());
                        phases.forEach((k, v) -> byPhase.computeIfAbsent(k, x -> new Stats()).add(v));
                    }
                }
            }
        }

        report.line("Each run: `java " + String.join(" ", JVM_FLAGS) + "` with `JAVA_TOOL_OPTIONS=\"" + TOOL_OPTIONS
                + "\"` (template.yaml), classpath `<module>/target/lambda/lib/*` + the bench's phase-timing main "
                + "(`dev.devbox.bench.child.ColdStartChild`), env DEVBOX_STACK/DEVBOX_TABLE/AWS_REGION/AWS_ENDPOINT_URL*/"
                + "credentials pointing at the emulator started once by the parent. Milliseconds, median (min, max) over "
                + runs + " runs, after one unrecorded warm-up run per function.");
        report.line("");
        List<List<String>> rows = new ArrayList<>();
        for (var e : results.entrySet()) {
            Map<String, Stats> p = e.getValue();
            rows.add(List.of(e.getKey(), p.get("jvm").summary(), p.get("sdk").summary(), p.get("wiring").summary(),
                    p.get("handle").summary(), p.get("handleWireMs").summary(),
                    Stats.fmt(p.get("handleCalls").median()),
                    p.get("toHandled").summary(), p.get("process").summary()));
        }
        report.table(List.of("handler", "JVM start -> main", "SDK clients (ec2+dynamodb)", "wiring (no-arg ctor: Dagger + own clients)",
                "first event", "of which emulator (HTTP)", "SDK calls", "JVM start -> event handled", "whole process (incl. exit)"), rows);
        report.line("`wiring` is small because the SDK is already loaded by the `SDK clients` phase; in Lambda both happen in the"
                + " constructor (init). `first event` includes the SDK's lazy first-call work (marshallers, signer, first"
                + " connection); `of which emulator` is the summed beforeTransmission..afterTransmission time of its calls.");
        report.write();
    }

    /** Does this held event belong to the project being set up? (Resolved like the pipeline does: its lookup item.) */
    private static boolean concerns(World world, JsonNode event, String project, String instance) {
        String kind = World.kind(event);
        JsonNode d = event.path("detail");
        if (kind.startsWith("instance:")) {
            return d.path("instance-id").asText().equals(instance);
        }
        String key = kind.startsWith("image:") ? "IMAGE#" + d.path("ImageId").asText()
                : "SNAPSHOT#" + d.path("snapshot_id").asText().replaceAll(".*/", "");
        return project.equals(world.lookupProject(key));
    }

    private static Map<String, Double> runChild(Path root, Function fn, Path hook, Path eventFile, LocalAws aws,
                                                World world) throws IOException, InterruptedException {
        return runChild(root, fn, hook, eventFile, aws, world, Map.of(), List.of());
    }

    /** As above, with more environment variables and trailing arguments for the child (warm requests). */
    static Map<String, Double> runChild(Path root, Function fn, Path hook, Path eventFile, LocalAws aws, World world,
                                        Map<String, String> extraEnv, List<String> extraArgs)
            throws IOException, InterruptedException {
        Path lib = root.resolve(fn.module()).resolve("target/lambda/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " is missing: run ./mvnw -pl " + fn.module() + " -am package -DskipTests");
        }
        String classpath = String.join(File.pathSeparator, System.getProperty("devbox.bench.classes", root.resolve("bench/target/classes").toString()),
                hook.toString(), lib + File.separator + "*");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", classpath, "dev.devbox.bench.child.ColdStartChild", fn.handler(),
                eventFile.toString()));
        ProcessBuilder pb = new ProcessBuilder();
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("DEVBOX_") || k.startsWith("JAVA_"));
        env.putAll(aws.environment());
        env.put("DEVBOX_STACK", World.STACK);
        env.put("DEVBOX_TABLE", world.table);
        env.put("JAVA_TOOL_OPTIONS", TOOL_OPTIONS);
        env.putAll(extraEnv);
        pb.redirectErrorStream(false);
        Path err = eventFile.resolveSibling(eventFile.getFileName() + ".stderr");
        pb.redirectError(err.toFile());
        long start = System.nanoTime();
        command.add(Long.toString(start));
        command.addAll(extraArgs);
        pb.command(command);
        Process child = pb.start();
        String out = new String(child.getInputStream().readAllBytes());
        int exit = child.waitFor();
        double process = (System.nanoTime() - start) / 1e6;
        String line = out.lines().filter(l -> l.startsWith("COLDSTART ")).findFirst().orElse(null);
        if (exit != 0 || line == null) {
            throw new IllegalStateException(fn.label() + " cold start failed (exit " + exit + "): " + out + "\n"
                    + Files.readString(err));
        }
        Map<String, Double> phases = new LinkedHashMap<>();
        Stream.of(line.substring("COLDSTART ".length()).split(" ")).map(kv -> kv.split("="))
                .forEach(kv -> phases.put(kv[0], Double.parseDouble(kv[1])));
        phases.put("process", process);
        out.lines().filter(l -> l.startsWith("REPLY ")).findFirst()
                .filter(r -> !r.contains("\"statusCode\":200"))
                .ifPresent(r -> {
                    throw new IllegalStateException(fn.label() + " answered with an error: " + r);
                });
        return phases;
    }

    /** The SDK's classpath hook for global interceptors, naming the bench's SdkTimer. */
    static Path globalInterceptorHook(Path work) throws IOException {
        Path dir = work.resolve("hook");
        Path file = dir.resolve("software/amazon/awssdk/global/handlers/execution.interceptors");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "dev.devbox.bench.child.SdkTimer\n");
        return dir;
    }
}
