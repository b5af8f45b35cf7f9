package dev.devbox.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.ami.AmiHandler;
import dev.devbox.bench.child.SdkTimer;
import dev.devbox.cleanup.CleanupHandler;
import dev.devbox.cleanup.ReconcileHandler;
import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;
import dev.devbox.snapshot.SnapshotHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Benchmarks 2 and 3: warm per-event time of devbox's own code (SDK call time measured by an
 * interceptor and subtracted), and SDK calls per event and per full cycle (counted by shared's
 * SdkCallCounter) for 1, 2 and 8 volumes, with 1 and with 10,000 projects in the table.
 *
 * <p>Events are the event source's real EventBridge JSON, fed to the real handler classes
 * (built over the pipeline's services, as local mode builds them), one at a time on one thread.
 */
public final class PipelineBench {
    private final World world;
    private final Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
    /** Per event kind: calls by operation, summed over the recorded events, and how many events. */
    private final Map<String, Map<String, Long>> callsByKind = new TreeMap<>();
    private final Map<String, Integer> eventsByKind = new TreeMap<>();
    private final Map<String, Stats> wall = new TreeMap<>();
    private final Map<String, Stats> own = new TreeMap<>();
    private final Map<String, Stats> ownPlusSdk = new TreeMap<>();
    private final Map<String, Stats> wire = new TreeMap<>();
    private boolean recording;

    PipelineBench(World world) {
        this.world = world;
        handlers.put("instance", new SnapshotHandler(world.pipeline.instanceEvents(), world.pipeline.intake()));
        handlers.put("snapshot", new AmiHandler(world.pipeline.snapshotEvents(), world.pipeline.intake()));
        handlers.put("image", new CleanupHandler(world.pipeline.imageEvents(), world.pipeline.intake()));
        world.route(this::handle);
    }

    private void handle(String json) {
        JsonNode event = World.parse(json);
        String kind = World.kind(event);
        RequestStreamHandler handler = handlers.get(kind.substring(0, kind.indexOf(':')));
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Map<String, Long> before = world.counter.snapshot();
        SdkTimer.Reading sdkBefore = SdkTimer.read();
        long start = System.nanoTime();
        try {
            handler.handleRequest(new ByteArrayInputStream(bytes), new ByteArrayOutputStream(), null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long nanos = System.nanoTime() - start;
        SdkTimer.Reading sdk = SdkTimer.read().minus(sdkBefore);
        if (!recording) {
            return;
        }
        eventsByKind.merge(kind, 1, Integer::sum);
        Map<String, Long> calls = callsByKind.computeIfAbsent(kind, k -> new TreeMap<>());
        world.counter.snapshot().forEach((op, n) -> {
            long delta = n - before.getOrDefault(op, 0L);
            if (delta > 0) {
                calls.merge(op, delta, Long::sum);
            }
        });
        wall.computeIfAbsent(kind, k -> new Stats()).add(nanos / 1e6);
        own.computeIfAbsent(kind, k -> new Stats()).add((nanos - sdk.callNanos()) / 1e6);
        ownPlusSdk.computeIfAbsent(kind, k -> new Stats()).add((nanos - sdk.wireNanos()) / 1e6);
        wire.computeIfAbsent(kind, k -> new Stats()).add(sdk.wireNanos() / 1e6);
    }

    /** One box's whole life: launch, running, terminate, snapshots, AMI, READY (and retention). */
    void cycle(String project, int volumes) {
        world.launch(project, volumes);
        world.settle();
        world.terminate(world.project(project).instanceId());
        world.settle();
        ProjectState state = world.project(project).state();
        if (state != ProjectState.READY) {
            throw new IllegalStateException(project + " ended the cycle " + state);
        }
    }

    void reset() {
        callsByKind.clear();
        eventsByKind.clear();
        wall.clear();
        own.clear();
        ownPlusSdk.clear();
        wire.clear();
    }

    /** Calls per event kind (per single event) as "EC2 a, DynamoDB b" plus the operation list. */
    private List<List<String>> callRows() {
        List<List<String>> rows = new ArrayList<>();
        for (var e : callsByKind.entrySet()) {
            int n = eventsByKind.get(e.getKey());
            rows.add(List.of(e.getKey(), Integer.toString(n), perEvent(e.getValue(), "EC2", n),
                    perEvent(e.getValue(), "DynamoDB", n), operations(e.getValue(), n)));
        }
        return rows;
    }

    private static String perEvent(Map<String, Long> calls, String service, int events) {
        long sum = calls.entrySet().stream().filter(c -> isService(c.getKey(), service))
                .mapToLong(Map.Entry::getValue).sum();
        return count((double) sum / events);
    }

    /** SdkCallCounter keys are "Ec2:Op" / "DynamoDb:Op" (the SDK's service names). */
    static boolean isService(String key, String service) {
        return key.substring(0, key.indexOf(':')).equalsIgnoreCase(service);
    }

    static String count(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Stats.fmt(v);
    }

    private static String operations(Map<String, Long> calls, int events) {
        List<String> parts = new ArrayList<>();
        calls.forEach((op, n) -> parts.add(op.substring(op.indexOf(':') + 1)
                + (n == events ? "" : " x" + count((double) n / events))));
        return String.join(", ", parts);
    }

    private long cycleTotal(String service) {
        return callsByKind.values().stream().flatMap(m -> m.entrySet().stream())
                .filter(c -> isService(c.getKey(), service)).mapToLong(Map.Entry::getValue).sum();
    }

    public static void main(String[] args) {
        boolean smoke = Report.smoke();
        int warmup = smoke ? 0 : Integer.getInteger("devbox.bench.warmup", 20);
        int measured = smoke ? 1 : Integer.getInteger("devbox.bench.cycles", 30);
        int bigTable = smoke ? 200 : 10_000;

        Report calls = new Report("3-calls", "3. SDK calls per event and per full cycle");
        Report warm = new Report("2-warm", "2. Warm per-event time of devbox's own code");
        try (LocalAws aws = Quietly.start(); World world = new World(aws, Clock.systemUTC())) {
            PipelineBench bench = new PipelineBench(world);

            // 3a. Calls per full cycle, first cycle of a new project, 1 project in the table... then steady state.
            calls.line("Counted by `dev.devbox.diagnostics.SdkCallCounter` (shared) on the pipeline's EC2 and DynamoDB"
                    + " clients; one count per API call (SDK retries not counted; none happened: the emulator does not"
                    + " throttle). PutEvents (Project Ready) is signed and sent by devbox's own publisher, not an SDK"
                    + " client, so it is not in these counts: +1 call per cycle. `x2` = twice per event.");
            calls.line("");
            List<List<String>> summary = new ArrayList<>();
            Map<Integer, String> firstCycleOps = new LinkedHashMap<>();
            for (int volumes : smoke ? new int[] {2} : new int[] {1, 2, 8}) {
                String project = "v" + volumes;
                for (int c = 1; c <= (smoke ? 1 : 4); c++) {
                    bench.reset();
                    bench.recording = true;
                    bench.cycle(project, volumes);
                    bench.recording = false;
                    if (c == 1 || c == 4) {
                        String label = volumes + " volume(s), " + (c == 1 ? "first cycle" : "cycle 4 (retention retires an AMI)");
                        summary.add(List.of(label, Long.toString(bench.cycleTotal("EC2")),
                                Long.toString(bench.cycleTotal("DynamoDB"))));
                        calls.line("**" + label + "**, per event:");
                        calls.line("");
                        calls.table(List.of("event", "events", "EC2 / event", "DynamoDB / event", "operations"),
                                bench.callRows());
                        if (c == 1) {
                            firstCycleOps.put(volumes, bench.callRows().toString());
                        }
                    }
                }
            }
            calls.line("Per full cycle (all events of one box's life after launch):");
            calls.line("");
            calls.table(List.of("cycle", "EC2 calls", "DynamoDB calls"), summary);

            // 3b. The same first cycle with many projects in the table: per-event calls must not grow.
            world.counter.reset();
            world.pipeline.reconciler().reconcile();
            Map<String, Long> reconcileSmall = world.counter.snapshot();
            bench.reset();
            bench.recording = true;
            bench.cycle("small-table", 1);
            bench.recording = false;
            String smallRows = bench.callRows().toString();
            List<List<String>> small = bench.callRows();

            long seedStart = System.nanoTime();
            Seed.readyProjects(aws.dynamo(), world.table, "seed", bigTable, Clock.systemUTC().instant(), "seed");
            calls.line("Seeded " + bigTable + " READY projects (+ their retained-AMI items) in "
                    + World.since(seedStart).toMillis() + " ms.");
            calls.line("");
            world.counter.reset();
            world.pipeline.reconciler().reconcile();
            Map<String, Long> reconcileBig = world.counter.snapshot();
            bench.reset();
            bench.recording = true;
            bench.cycle("big-table", 1);
            bench.recording = false;
            String bigRows = bench.callRows().toString();
            List<List<String>> big = bench.callRows();
            List<List<String>> compare = new ArrayList<>();
            for (int i = 0; i < small.size(); i++) {
                compare.add(List.of(small.get(i).get(0), small.get(i).get(2) + " / " + small.get(i).get(3),
                        big.get(i).get(2) + " / " + big.get(i).get(3)));
            }
            compare.add(List.of("reconciler run (nothing stuck)", reconcileSmall.toString(), reconcileBig.toString()));
            calls.line("One-volume first cycle, EC2 / DynamoDB calls per event, with few projects in the table and with "
                    + bigTable + " more:");
            calls.line("");
            calls.table(List.of("event", "~5 projects", (bigTable + 5) + " projects"), compare);
            boolean same = smallRows.equals(bigRows) && reconcileSmall.equals(reconcileBig);
            calls.line(same ? "**Identical**: no per-event call grows with the table (operations compared one by one)."
                    : "**DIFFERENT**: some per-event figure grew with the table; see the rows above.");
            calls.write();
            if (!same) {
                throw new IllegalStateException("per-event calls grew with the table");
            }

            // 2. Warm per-event time: warm up, then record, on 4 projects cycling (steady state, retention included).
            for (int i = 0; i < warmup; i++) {
                bench.cycle("warm" + (i % 4), 1);
            }
            bench.reset();
            bench.recording = true;
            for (int i = 0; i < measured; i++) {
                bench.cycle("warm" + (i % 4), 1);
            }
            bench.recording = false;
            warm.line("Real handler classes (built over the pipeline's services, as local mode does) fed the event"
                    + " source's EventBridge JSON on one thread; " + warmup + " warm-up cycles, then " + measured
                    + " recorded cycles of 1-volume boxes on 4 projects (so retention runs as in steady state); "
                    + bigTable + " extra projects in the table. Milliseconds per event, median (min, max).");
            warm.line("`own code` = handler wall time minus the time inside SDK calls (beforeExecution..afterExecution);"
                    + " `own + SDK` = minus only the HTTP exchange (beforeTransmission..afterTransmission), i.e. it adds the"
                    + " SDK's marshalling, signing and unmarshalling; `emulator (HTTP)` is that exchange.");
            warm.line("");
            List<List<String>> rows = new ArrayList<>();
            for (String kind : new TreeSet<>(bench.wall.keySet())) {
                rows.add(List.of(kind, Stats.fmt(bench.own.get(kind).median()) + " (p90 "
                                + Stats.fmt(bench.own.get(kind).percentile(90)) + ")",
                        bench.ownPlusSdk.get(kind).summary(), bench.wire.get(kind).summary(), bench.wall.get(kind).summary(),
                        Integer.toString(bench.wall.get(kind).count())));
            }
            warm.table(List.of("event", "own code", "own + SDK", "emulator (HTTP)", "handler wall", "events"), rows);
            warm.write();
        }
    }
}
