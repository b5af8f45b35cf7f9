package dev.devbox.cli.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.devbox.cli.cost.RunningBoxEstimate.Rate;
import dev.devbox.cli.cost.SnapshotStorageEstimate.Basis;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {
    private static final Instant NOW = Instant.parse("2026-11-18T12:00:00Z");
    private static final long GIB = 1L << 30;

    private final CostEstimator estimator =
            new CostEstimator(PriceTable.builtIn(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void snapshot_storage_without_stored_sizes_is_an_upper_bound_from_volume_sizes() {
        SnapshotStorageEstimate estimate = estimator.monthlySnapshotStorage("us-east-1", List.of(
                SnapshotSize.ofVolume("snap-1", 20), SnapshotSize.ofVolume("snap-2", 20),
                SnapshotSize.ofVolume("snap-3", 20))).orElseThrow();
        assertEquals(Basis.UPPER_BOUND, estimate.basis());
        assertEquals(3, estimate.snapshots());
        assertMoney("60", estimate.billedGb());
        assertMoney("3.00", estimate.usdPerMonth());
        assertTrue(estimate.assumptions().stream().anyMatch(a -> a.startsWith("upper bound")));
        assertTrue(estimate.assumptions().contains(PriceTable.BASIS));
    }

    @Test
    void snapshot_storage_uses_stored_sizes_when_given() {
        SnapshotStorageEstimate estimate = estimator.monthlySnapshotStorage("us-east-1", List.of(
                SnapshotSize.ofVolume("snap-1", 20).withStoredBytes(6 * GIB),
                SnapshotSize.ofVolume("snap-2", 20).withStoredBytes(GIB),
                SnapshotSize.ofVolume("snap-3", 20).withStoredBytes(GIB / 2))).orElseThrow();
        assertEquals(Basis.STORED_SIZE, estimate.basis());
        assertMoney("7.5", estimate.billedGb());
        assertMoney("0.375", estimate.usdPerMonth());
        assertTrue(estimate.assumptions().stream().noneMatch(a -> a.startsWith("upper bound")));
    }

    @Test
    void one_snapshot_without_a_stored_size_makes_the_whole_estimate_an_upper_bound() {
        SnapshotStorageEstimate estimate = estimator.monthlySnapshotStorage("eu-central-1", List.of(
                SnapshotSize.ofVolume("snap-1", 20).withStoredBytes(4 * GIB),
                SnapshotSize.ofVolume("snap-2", 100))).orElseThrow();
        assertEquals(Basis.UPPER_BOUND, estimate.basis());
        assertMoney("104", estimate.billedGb());
        assertMoney("5.616", estimate.usdPerMonth()); // 104 x 0.054
    }

    @Test
    void a_snapshot_listed_by_two_amis_is_counted_once() {
        SnapshotStorageEstimate estimate = estimator.monthlySnapshotStorage("us-east-1", List.of(
                SnapshotSize.ofVolume("snap-1", 20), SnapshotSize.ofVolume("snap-1", 20))).orElseThrow();
        assertEquals(1, estimate.snapshots());
        assertMoney("1.00", estimate.usdPerMonth());
    }

    @Test
    void a_project_without_snapshots_costs_nothing() {
        SnapshotStorageEstimate estimate = estimator.monthlySnapshotStorage("us-east-1", List.of()).orElseThrow();
        assertMoney("0", estimate.usdPerMonth());
        assertEquals(Basis.STORED_SIZE, estimate.basis());
    }

    @Test
    void snapshot_storage_in_an_unpriced_region_is_empty() {
        assertEquals(Optional.empty(),
                estimator.monthlySnapshotStorage("af-south-1", List.of(SnapshotSize.ofVolume("snap-1", 20))));
    }

    @Test
    void running_box_on_demand_costs_instance_volumes_and_address_pro_rata() {
        // t3.small with the default 20 GiB gp3 root, up for 10 hours.
        RunningBoxEstimate estimate = estimator.runningBox(RunningBox.onDemand("us-east-1", "t3.small",
                NOW.minus(Duration.ofHours(10)), List.of(new VolumeSize("gp3", 20)))).orElseThrow();
        assertEquals(Rate.ON_DEMAND_LIST, estimate.rate());
        assertEquals(Duration.ofHours(10), estimate.billed());
        assertMoney("0.208", estimate.instanceUsd());
        assertMoney("0.0219178", estimate.storageUsd().setScale(7, RoundingMode.HALF_UP)); // 20 x 0.08 x 10/730
        assertMoney("0.05", estimate.publicIpv4Usd());
        assertEquals("$0.28", Usd.format(estimate.totalUsd()));
        assertEquals("$0.028", Usd.format(estimate.usdPerHour()));
        assertTrue(estimate.assumptions().stream().anyMatch(a -> a.contains("burstable")));
    }

    @Test
    void running_box_at_a_given_spot_price() {
        RunningBoxEstimate estimate = estimator.runningBox(RunningBox.onDemand("us-east-1", "m7i.large",
                        NOW.minus(Duration.ofHours(4)), List.of(new VolumeSize("gp3", 50)))
                .withSpotHourly(new BigDecimal("0.0401"))).orElseThrow();
        assertEquals(Rate.SPOT_GIVEN, estimate.rate());
        assertMoney("0.1604", estimate.instanceUsd());
        assertTrue(estimate.assumptions().stream().anyMatch(a -> a.startsWith("Spot price 0.0401")));
        assertTrue(estimate.assumptions().stream().noneMatch(a -> a.contains("burstable")));
    }

    @Test
    void spot_price_prices_a_type_missing_from_the_table() {
        RunningBox box = new RunningBox("us-east-1", "g6.xlarge", NOW.minus(Duration.ofHours(1)),
                List.of(new VolumeSize("gp3", 100)), false, Optional.of(new BigDecimal("0.35")));
        RunningBoxEstimate estimate = estimator.runningBox(box).orElseThrow();
        assertMoney("0", estimate.publicIpv4Usd());
        assertMoney("0.35", estimate.instanceUsd());
    }

    @Test
    void billing_is_per_second_with_a_one_minute_minimum() {
        RunningBox justLaunched = RunningBox.onDemand("us-east-1", "t3.small", NOW.minusSeconds(5), List.of());
        assertEquals(Duration.ofMinutes(1), estimator.runningBox(justLaunched).orElseThrow().billed());
        RunningBox clockSkew = RunningBox.onDemand("us-east-1", "t3.small", NOW.plusSeconds(300), List.of());
        assertEquals(Duration.ofMinutes(1), estimator.runningBox(clockSkew).orElseThrow().billed(),
                "a launch time ahead of the local clock still bills the minimum, not a negative amount");
        RunningBox ninetySeconds = RunningBox.onDemand("us-east-1", "t3.small", NOW.minusSeconds(90), List.of());
        assertEquals(Duration.ofSeconds(90), estimator.runningBox(ninetySeconds).orElseThrow().billed());
    }

    @Test
    void unpriced_type_region_or_volume_type_gives_no_estimate() {
        Instant launched = NOW.minus(Duration.ofHours(1));
        List<VolumeSize> gp3 = List.of(new VolumeSize("gp3", 20));
        assertEquals(Optional.empty(), estimator.runningBox(RunningBox.onDemand("us-east-1", "p5.48xlarge", launched, gp3)));
        assertEquals(Optional.empty(), estimator.runningBox(RunningBox.onDemand("sa-east-1", "t3.small", launched, gp3)));
        assertEquals(Optional.empty(), estimator.runningBox(RunningBox.onDemand("us-east-1", "t3.small", launched,
                List.of(new VolumeSize("io2", 20)))));
    }

    @Test
    void inputs_are_validated() {
        assertThrows(IllegalArgumentException.class, () -> SnapshotSize.ofVolume("snap-1", -1));
        assertThrows(IllegalArgumentException.class, () -> SnapshotSize.ofVolume("snap-1", 1).withStoredBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> new VolumeSize("gp3", -20));
        assertThrows(IllegalArgumentException.class, () -> RunningBox.onDemand("us-east-1", "t3.small", NOW, List.of())
                .withSpotHourly(new BigDecimal("-0.01")));
    }

    /** The figures docs/costs.md quotes; change both together. */
    @Test
    void documented_examples() {
        // Idle project: 3 retained AMIs of a 20 GiB root, upper bound and a typical used size.
        assertEquals("$3.00", Usd.format(snapshots("us-east-1", 20, 20, 20)));
        assertEquals("$0.40", Usd.format(estimator.monthlySnapshotStorage("us-east-1", List.of(
                SnapshotSize.ofVolume("a", 20).withStoredBytes(6 * GIB),
                SnapshotSize.ofVolume("b", 20).withStoredBytes(GIB),
                SnapshotSize.ofVolume("c", 20).withStoredBytes(GIB))).orElseThrow().usdPerMonth()));
        assertEquals("$3.30", Usd.format(snapshots("ap-southeast-2", 20, 20, 20)));
        // Running box: default t3.small + 20 GiB gp3 + public IPv4, per hour, a working month, all month.
        assertEquals("$0.028", Usd.format(hourly("us-east-1", "t3.small", 20)));
        assertEquals("$4.70", Usd.format(boxFor("us-east-1", "t3.small", 20, Duration.ofHours(168))));
        assertEquals("$20.43", Usd.format(boxFor("us-east-1", "t3.small", 20, Duration.ofHours(730))));
        assertEquals("$0.11", Usd.format(hourly("us-east-1", "m7i.large", 20)));
        assertEquals("$18.14", Usd.format(boxFor("us-east-1", "m7i.large", 20, Duration.ofHours(168))));
        assertEquals("$78.83", Usd.format(boxFor("us-east-1", "m7i.large", 20, Duration.ofHours(730))));
        assertEquals("$0.089", Usd.format(hourly("us-east-1", "m7g.large", 20)));
        assertEquals("$14.92", Usd.format(boxFor("us-east-1", "m7g.large", 20, Duration.ofHours(168))));
        assertEquals("$64.82", Usd.format(boxFor("us-east-1", "m7g.large", 20, Duration.ofHours(730))));
        assertEquals("$0.032", Usd.format(hourly("eu-central-1", "t3.small", 20)));
        assertEquals("$5.31", Usd.format(boxFor("eu-central-1", "t3.small", 20, Duration.ofHours(168))));
        assertEquals("$23.07", Usd.format(boxFor("eu-central-1", "t3.small", 20, Duration.ofHours(730))));
    }

    private BigDecimal snapshots(String region, long... sizes) {
        List<SnapshotSize> list = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            list.add(SnapshotSize.ofVolume("snap-" + i, sizes[i]));
        }
        return estimator.monthlySnapshotStorage(region, list).orElseThrow().usdPerMonth();
    }

    private BigDecimal hourly(String region, String type, long rootGiB) {
        return boxEstimate(region, type, rootGiB, Duration.ofHours(1)).usdPerHour();
    }

    private BigDecimal boxFor(String region, String type, long rootGiB, Duration running) {
        return boxEstimate(region, type, rootGiB, running).totalUsd();
    }

    private RunningBoxEstimate boxEstimate(String region, String type, long rootGiB, Duration running) {
        return estimator.runningBox(RunningBox.onDemand(region, type, NOW.minus(running),
                List.of(new VolumeSize("gp3", rootGiB)))).orElseThrow();
    }

    private static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
    }
}
