package dev.devbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A Markdown result file under bench/results (one per benchmark), echoed to stdout as it grows. */
public final class Report {
    private final StringBuilder text = new StringBuilder();
    private final Path file;

    public Report(String name, String title) {
        this.file = resultsDir().resolve(name + ".md");
        line("## " + title);
        line("");
        line("Run " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on " + machine() + ".");
        line("");
    }

    public static Path resultsDir() {
        return Path.of(System.getProperty("devbox.bench.results", "bench/results"));
    }

    public static boolean smoke() {
        return Boolean.getBoolean("devbox.bench.smoke");
    }

    /** nproc, RAM, JDK, load average: the context every figure needs. */
    public static String machine() {
        Runtime rt = Runtime.getRuntime();
        long ramMiB = -1;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    ramMiB = Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: leave it unknown
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(java.util.Locale.ROOT, "%d cores, %.1f GiB RAM, %s %s (%s), %s %s, load average %.2f",
                rt.availableProcessors(), ramMiB / 1024.0, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"), load);
    }

    public Report line(String s) {
        text.append(s).append('\n');
        System.out.println(s);
        return this;
    }

    public Report table(List<String> header, List<List<String>> rows) {
        line("| " + String.join(" | ", header) + " |");
        line("|" + "---|".repeat(header.size()));
        rows.forEach(r -> line("| " + String.join(" | ", r) + " |"));
        line("");
        return this;
    }

    public void write() {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
