package dev.devbox.cli.command;

import dev.devbox.cli.cost.PriceTable;
import dev.devbox.cli.cost.RunningBoxEstimate;
import dev.devbox.cli.cost.SnapshotStorageEstimate;
import dev.devbox.cli.cost.Usd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The cost estimates in JSON (numbers, with the prices' date and assumptions) and in one text line. */
final class CostJson {
    private CostJson() {
    }

    static Map<String, Object> storage(Optional<SnapshotStorageEstimate> estimate, String region) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pricesAsOf", PriceTable.AS_OF);
        m.put("region", region);
        if (estimate.isEmpty()) {
            m.put("usdPerMonth", null);
            m.put("note", "no snapshot price for " + region + " in devbox's price table");
            return m;
        }
        SnapshotStorageEstimate e = estimate.get();
        m.put("usdPerMonth", e.usdPerMonth());
        m.put("snapshots", e.snapshots());
        m.put("billedGb", e.billedGb());
        m.put("usdPerGbMonth", e.usdPerGbMonth());
        m.put("basis", e.basis().name());
        m.put("assumptions", e.assumptions());
        return m;
    }

    static Map<String, Object> running(Optional<RunningBoxEstimate> estimate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pricesAsOf", PriceTable.AS_OF);
        if (estimate.isEmpty()) {
            m.put("totalUsd", null);
            m.put("note", "no price for this instance type or region in devbox's price table");
            return m;
        }
        RunningBoxEstimate e = estimate.get();
        m.put("totalUsd", e.totalUsd());
        m.put("instanceUsd", e.instanceUsd());
        m.put("storageUsd", e.storageUsd());
        m.put("publicIpv4Usd", e.publicIpv4Usd());
        m.put("usdPerHour", e.usdPerHour());
        m.put("billedSeconds", e.billed().getSeconds());
        m.put("rate", e.rate().name());
        m.put("instanceUsdPerHour", e.instanceHourly());
        m.put("assumptions", e.assumptions());
        return m;
    }

    static String storageText(Optional<SnapshotStorageEstimate> estimate, String region) {
        return estimate.map(e -> e.snapshots() == 0 ? "no snapshots yet: " + Usd.format(e.usdPerMonth()) + "/month"
                        : "about " + Usd.format(e.usdPerMonth()) + "/month for " + e.snapshots() + " snapshot(s), "
                        + e.billedGb().toPlainString() + " GB" + (e.basis() == SnapshotStorageEstimate.Basis.UPPER_BOUND
                        ? " (at most)" : ""))
                .orElse("no snapshot price for " + region + " in devbox's price table");
    }

    /** Short form for the `list` column. */
    static String storageCell(Optional<SnapshotStorageEstimate> estimate) {
        return estimate.map(e -> (e.basis() == SnapshotStorageEstimate.Basis.UPPER_BOUND && e.snapshots() > 0 ? "≤" : "")
                + Usd.format(e.usdPerMonth()) + "/mo").orElse("?");
    }
}
