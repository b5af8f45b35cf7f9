package dev.devbox.cli.project;

import dev.devbox.cli.cost.CostEstimator;
import dev.devbox.cli.cost.PriceTable;
import dev.devbox.cli.cost.RunningBox;
import dev.devbox.cli.cost.RunningBoxEstimate;
import dev.devbox.cli.cost.SnapshotSize;
import dev.devbox.cli.cost.SnapshotStorageEstimate;
import dev.devbox.cli.cost.VolumeSize;
import dev.devbox.control.read.BoxView;
import dev.devbox.control.read.GenerationView;
import dev.devbox.domain.IdleReport;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What `history`, `list` and `status` say beyond the record, worked out from what the control
 * plane answered: a box's idle deadline and volume initialization in words, and cost estimates
 * (the {@code cost} package's arithmetic on those facts). No AWS call happens here.
 */
public final class Insights {
    private final Projects projects;
    private final CostEstimator costs;

    public Insights(Projects projects) {
        this.projects = projects;
        this.costs = new CostEstimator(PriceTable.builtIn(), projects.ui().clock());
    }

    /** Monthly snapshot storage of these generations; empty when the region has no price. */
    public Optional<SnapshotStorageEstimate> storage(List<GenerationView> generations) {
        List<SnapshotSize> snapshots = new ArrayList<>();
        generations.forEach(g -> g.disks().stream().filter(d -> d.snapshotId() != null)
                .forEach(d -> snapshots.add(SnapshotSize.ofVolume(d.snapshotId(), d.sizeGiB()))));
        return costs.monthlySnapshotStorage(region(), snapshots);
    }

    /** What a running box has cost so far (at its Spot price where the control plane found one). */
    public Optional<RunningBoxEstimate> runningCost(BoxView box) {
        if (box.launchTime() == null || box.instanceType() == null) {
            return Optional.empty();
        }
        List<VolumeSize> sizes = box.volumes().stream().map(v -> new VolumeSize(v.type(), v.sizeGiB())).toList();
        RunningBox running = new RunningBox(region(), box.instanceType(), Instant.parse(box.launchTime()), sizes,
                box.publicIpv4(), Optional.empty());
        return costs.runningBox(box.spotPriceUsdPerHour() == null ? running
                : running.withSpotHourly(box.spotPriceUsdPerHour()));
    }

    /** The box's idle auto-persist, as far as it can be known from outside the box. */
    public record Idle(Integer minutes, String phase, String deadline, String summary) {
    }

    public Idle idle(BoxView box) {
        Integer minutes = box.idleMinutes();
        if (minutes == null) {
            return new Idle(null, null, null, "no idle limit known (launched before devbox set one)");
        }
        if (minutes == 0) {
            return new Idle(0, "disabled", null, "off (--idle 0): runs until terminated");
        }
        String rule = "terminates itself after " + minutes + " idle minutes (no SSH session)";
        IdleReport last = box.idle();
        if (last == null) {
            String earliest = box.launchTime() == null ? ""
                    : "; at the earliest " + Instant.parse(box.launchTime()).plus(Duration.ofMinutes(minutes + 1L));
            return new Idle(minutes, null, null, rule + earliest + "; the deadline can't be known from outside the"
                    + " box until its idle check reports on the console (in the box: 'devbox-idle status')");
        }
        String deadline = last.deadline();
        String summary = switch (last.phase()) {
            case "active" -> rule + "; in use at its last report";
            case "idle" -> rule + "; idle: terminates at " + deadline + " unless someone logs in";
            case "warned" -> rule + "; idle, users warned: terminates at " + deadline + " unless someone logs in";
            case "held" -> rule + "; held by 'devbox-idle hold': terminates at " + deadline + " at the earliest";
            case "shutdown" -> "idle limit reached: terminating (its work is being saved)";
            case "disabled" -> "off (turned off inside the box)";
            default -> rule + "; box reports '" + last.phase() + "'";
        };
        return new Idle(minutes, last.phase(), deadline, summary);
    }

    /** Initialization of a volume restored from a snapshot, as far as EC2 reports it. */
    public record Initialization(String volumeId, Long progressPercent, Long secondsLeft, String summary) {
    }

    /**
     * Volume initialization of a box launched with --init-rate: EC2's own progress where it reports
     * it, else an estimate from the rate and the sizes, said to be one.
     */
    public List<Initialization> initialization(BoxView box) {
        Integer rate = box.initRateMiBs();
        if (rate == null || rate <= 0) {
            return List.of();
        }
        List<Initialization> result = new ArrayList<>();
        for (BoxView.Volume v : box.volumes()) {
            if (v.initProgressPercent() != null) {
                Long left = v.initSecondsLeft();
                long progress = v.initProgressPercent();
                result.add(new Initialization(v.volumeId(), progress, left, progress >= 100
                        ? "initialized" : "initializing: " + progress + "%"
                        + (left == null ? "" : ", about " + Math.max(1, (left + 59) / 60) + " min left")));
                continue;
            }
            long totalSeconds = (long) v.sizeGiB() * 1024 / rate;
            long elapsed = box.launchTime() == null ? 0
                    : Duration.between(Instant.parse(box.launchTime()), projects.now()).getSeconds();
            String estimate = "initializing at " + rate + " MiB/s, about " + Math.max(1, (totalSeconds + 59) / 60)
                    + " minutes for " + v.sizeGiB() + " GiB (at most: only the snapshot's data is read)";
            result.add(new Initialization(v.volumeId(), null, Math.max(0, totalSeconds - elapsed),
                    estimate + (elapsed >= totalSeconds ? "; should be complete by now" : "; about "
                            + Math.max(1, (totalSeconds - elapsed + 59) / 60) + " min left")
                            + " (estimate: EC2 reports no progress here)"));
        }
        return result;
    }

    public String region() {
        return projects.aws().region().id();
    }

    /** The Spot price the control plane found for a Spot box, if any. */
    public static Optional<BigDecimal> spotPrice(BoxView box) {
        return Optional.ofNullable(box.spotPriceUsdPerHour());
    }
}
