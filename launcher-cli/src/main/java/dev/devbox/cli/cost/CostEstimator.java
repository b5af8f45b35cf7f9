package dev.devbox.cli.cost;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Cost estimates that `devbox list` and `devbox status` show: a project's monthly snapshot
 * storage, and a running box's cost so far. Pure arithmetic on a {@link PriceTable}; every result
 * carries the assumptions it rests on. A month is 730 hours, as in AWS's own calculator.
 */
public final class CostEstimator {
    /** Hours in the average month. */
    public static final BigDecimal HOURS_PER_MONTH = new BigDecimal("730");

    private static final BigDecimal SECONDS_PER_HOUR = new BigDecimal("3600");
    private static final BigDecimal BYTES_PER_GIB = new BigDecimal(1L << 30);
    private static final Duration MINIMUM_BILLED = Duration.ofMinutes(1);
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    private final PriceTable prices;
    private final Clock clock;

    public CostEstimator(PriceTable prices, Clock clock) {
        this.prices = Objects.requireNonNull(prices, "prices");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Monthly storage of a project's snapshots (every retained AMI's). Snapshot storage is billed
     * on the blocks a snapshot actually stores, and each snapshot after the first of a volume
     * stores only the blocks changed since: the sum of the source volumes' sizes is therefore an
     * upper bound, used for each snapshot that has no stored-size figure. A snapshot listed twice
     * (by two AMIs) is counted once.
     *
     * @return empty when the table has no price for {@code region}
     */
    public Optional<SnapshotStorageEstimate> monthlySnapshotStorage(String region, List<SnapshotSize> snapshots) {
        Objects.requireNonNull(snapshots, "snapshots");
        Optional<BigDecimal> price = prices.snapshotStandardGbMonth(region);
        if (price.isEmpty()) {
            return Optional.empty();
        }
        Map<String, SnapshotSize> distinct = new LinkedHashMap<>();
        snapshots.forEach(snapshot -> distinct.putIfAbsent(snapshot.snapshotId(), snapshot));

        BigDecimal gb = BigDecimal.ZERO;
        boolean upperBound = false;
        for (SnapshotSize snapshot : distinct.values()) {
            if (snapshot.storedBytes().isPresent()) {
                gb = gb.add(new BigDecimal(snapshot.storedBytes().getAsLong()).divide(BYTES_PER_GIB, PRECISION));
            } else {
                gb = gb.add(BigDecimal.valueOf(snapshot.volumeSizeGiB()));
                upperBound = true;
            }
        }
        List<String> assumptions = new ArrayList<>();
        assumptions.add(PriceTable.BASIS);
        assumptions.add("snapshot storage, standard tier, at " + price.get() + " USD per GB-month in " + region);
        if (upperBound) {
            assumptions.add("upper bound: snapshots store only used and changed blocks, but without a measured"
                    + " size each is counted at its volume's full size");
        }
        return Optional.of(new SnapshotStorageEstimate(region, distinct.size(), gb.stripTrailingZeros(), price.get(),
                gb.multiply(price.get()).stripTrailingZeros(),
                upperBound ? SnapshotStorageEstimate.Basis.UPPER_BOUND : SnapshotStorageEstimate.Basis.STORED_SIZE,
                assumptions));
    }

    /**
     * The cost of a box from its launch until now: instance hours (per second, one minute at
     * least) at the on-demand list price or the given Spot price, its volumes' storage pro rata,
     * and its public IPv4 address.
     *
     * @return empty when the table has no price for the region, the instance type (unless a Spot
     *     price is given) or a volume type
     */
    public Optional<RunningBoxEstimate> runningBox(RunningBox box) {
        Objects.requireNonNull(box, "box");
        Optional<BigDecimal> hourly = box.spotHourly().or(() -> prices.onDemandHourly(box.region(), box.instanceType()));
        if (hourly.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal storagePerHour = BigDecimal.ZERO;
        for (VolumeSize volume : box.volumes()) {
            Optional<BigDecimal> gbMonth = prices.volumeGbMonth(box.region(), volume.volumeType());
            if (gbMonth.isEmpty()) {
                return Optional.empty();
            }
            storagePerHour = storagePerHour.add(
                    gbMonth.get().multiply(BigDecimal.valueOf(volume.sizeGiB())).divide(HOURS_PER_MONTH, PRECISION));
        }
        BigDecimal ipv4PerHour = box.publicIpv4() ? prices.publicIpv4Hourly() : BigDecimal.ZERO;

        Duration running = Duration.between(box.launchedAt(), clock.instant());
        Duration billed = running.compareTo(MINIMUM_BILLED) < 0 ? MINIMUM_BILLED : running;
        BigDecimal hours = new BigDecimal(billed.getSeconds()).divide(SECONDS_PER_HOUR, PRECISION);

        BigDecimal instanceUsd = hourly.get().multiply(hours, PRECISION);
        BigDecimal storageUsd = storagePerHour.multiply(hours, PRECISION);
        BigDecimal ipv4Usd = ipv4PerHour.multiply(hours, PRECISION);
        RunningBoxEstimate.Rate rate = box.spotHourly().isPresent()
                ? RunningBoxEstimate.Rate.SPOT_GIVEN
                : RunningBoxEstimate.Rate.ON_DEMAND_LIST;

        List<String> assumptions = new ArrayList<>();
        assumptions.add(PriceTable.BASIS);
        assumptions.add(rate == RunningBoxEstimate.Rate.SPOT_GIVEN
                ? "Spot price " + hourly.get() + " USD/h for the whole run (Spot prices move)"
                : "on-demand " + box.instanceType() + " at " + hourly.get() + " USD/h");
        assumptions.add("volumes at their baseline storage price, pro rata; no extra IOPS or throughput");
        if (box.instanceType().startsWith("t")) {
            assumptions.add("burstable CPU credits above the baseline (unlimited mode) are not included");
        }
        assumptions.add("data transfer out is not included");
        return Optional.of(new RunningBoxEstimate(box.region(), box.instanceType(), billed, rate, hourly.get(),
                instanceUsd, storageUsd, ipv4Usd, instanceUsd.add(storageUsd).add(ipv4Usd),
                hourly.get().add(storagePerHour).add(ipv4PerHour), assumptions));
    }
}
