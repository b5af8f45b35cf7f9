package dev.devbox.bench;

import dev.devbox.bench.child.SdkTimer;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.emulator.LocalAws;
import dev.devbox.emulator.events.Delivery;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Benchmark 4: N boxes (200) terminated at once in local mode: the pipeline in-process, the
 * local event source polling in the background every 250 ms (as `devbox local` runs them),
 * against the emulator. Measures the time from the one TerminateInstances call until every
 * project is READY with its cleanup done, checks nothing failed, and reports peak memory.
 */
public final class BurstBench {
    public static void main(String[] args) throws Exception {
        int boxes = Report.smoke() ? 5 : Integer.getInteger("devbox.bench.boxes", 200);
        Report report = new Report("4-burst", "4. Burst: " + boxes + " boxes terminated at once (local mode)");
        try (LocalAws aws = Quietly.start(); World world = new World(aws, Clock.systemUTC())) {
            world.events.start(Duration.ofMillis(250));
            long launchStart = System.nanoTime();
            List<String> instances = new ArrayList<>();
            for (int i = 0; i < boxes; i++) {
                instances.add(world.launch(String.format("burst%03d", i), 1));
            }
            waitUntil("every mapping captured", Duration.ofMinutes(10), () -> world.projects.list().stream()
                    .filter(Project::mappingCaptured).count() == boxes);
            Duration launched = World.since(launchStart);

            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            int historyBefore = world.events.history().size();
            world.counter.reset();
            SdkTimer.Reading sdkBefore = SdkTimer.read();
            long start = System.nanoTime();
            aws.ec2().terminateInstances(b -> b.instanceIds(instances));
            waitUntil("every project READY and cleaned up", Duration.ofMinutes(30), () -> world.projects.list().stream()
                    .filter(p -> p.state() == ProjectState.READY && !p.cleanupPending()).count() == boxes
                    || world.projects.list().stream().anyMatch(p -> p.state() == ProjectState.FAILED));
            Duration drain = World.since(start);
            SdkTimer.Reading sdk = SdkTimer.read().minus(sdkBefore);
            long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();

            List<Delivery> deliveries = world.events.history().subList(historyBefore, world.events.history().size());
            Map<Delivery.Outcome, Long> outcomes = deliveries.stream()
                    .collect(Collectors.groupingBy(Delivery::outcome, Collectors.counting()));
            long failedProjects = world.projects.list().stream().filter(p -> p.state() == ProjectState.FAILED).count();
            long ready = world.projects.list().stream().filter(p -> p.state() == ProjectState.READY).count();
            Map<String, Long> calls = world.counter.snapshot();
            long ec2Calls = calls.entrySet().stream().filter(e -> PipelineBench.isService(e.getKey(), "EC2"))
                    .mapToLong(Map.Entry::getValue).sum();
            long dynamoCalls = calls.entrySet().stream().filter(e -> PipelineBench.isService(e.getKey(), "DynamoDB"))
                    .mapToLong(Map.Entry::getValue).sum();

            report.line("Local mode as `devbox local` runs it: `Pipeline` in-process, `LocalEventSource.start(250 ms)`"
                    + " delivering serially on one thread, moto + DynamoDB Local (in this JVM) on loopback. "
                    + boxes + " 1-volume boxes launched (" + launched.toMillis() + " ms, until every mapping was captured),"
                    + " then one TerminateInstances for all of them.");
            report.line("");
            report.table(List.of("figure", "value"), List.of(
                    List.of("projects READY (cleanup done) / FAILED", ready + " / " + failedProjects),
                    List.of("time to drain (TerminateInstances -> all READY and cleaned up)",
                            String.format("%.1f s (%.0f ms per box)", drain.toMillis() / 1e3, (double) drain.toMillis() / boxes)),
                    List.of("event deliveries (outcome: count)", outcomes.toString()),
                    List.of("pipeline SDK calls during the drain", ec2Calls + " EC2, " + dynamoCalls + " DynamoDB"),
                    List.of("pipeline time inside SDK calls / of which HTTP to the emulator",
                            String.format("%.1f s / %.1f s", sdk.callNanos() / 1e9, sdk.wireNanos() / 1e9)),
                    List.of("devbox failure notifications", Long.toString(world.failed.get())),
                    List.of("JVM heap peak during the drain (includes in-process DynamoDB Local)", mib(heapPeak)),
                    List.of("JVM max RSS over the whole run (VmHWM)", mib(hwm(ProcessHandle.current().pid()))),
                    List.of("moto (Python) max RSS (VmHWM)", ProcessHandle.current().descendants()
                            .map(p -> mib(hwm(p.pid()))).collect(Collectors.joining(", ")))));
            report.line("The drain is serial by design in local mode (one poller thread, as in `devbox local`); Lambda"
                    + " would run the handlers concurrently. The rest of the drain time is the event source's own"
                    + " Describe* polling of every instance, snapshot and image, and the 250 ms poll interval.");
            report.write();
            if (failedProjects > 0 || ready != boxes || outcomes.getOrDefault(Delivery.Outcome.FAILED, 0L) > 0
                    || world.failed.get() > 0) {
                throw new IllegalStateException("burst did not end clean: " + outcomes + ", " + failedProjects + " FAILED");
            }
        }
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.0f MiB", bytes / 1048576.0);
    }

    /** Peak resident set size of a process (Linux), bytes; -1 when unknown. */
    static long hwm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static void waitUntil(String what, Duration timeout, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
