package dev.devbox.cli.cost;

import java.math.BigDecimal;
import java.util.List;

/**
 * A project's monthly snapshot storage cost.
 *
 * @param billedGb GB-months counted (GiB, which AWS bills as GB)
 * @param basis whether {@code billedGb} is measured or an upper bound
 * @param assumptions what the figure assumes, to print with it
 */
public record SnapshotStorageEstimate(
        String region,
        int snapshots,
        BigDecimal billedGb,
        BigDecimal usdPerGbMonth,
        BigDecimal usdPerMonth,
        Basis basis,
        List<String> assumptions) {
    public SnapshotStorageEstimate {
        assumptions = List.copyOf(assumptions);
    }

    /** How the stored size was found. */
    public enum Basis {
        /** Every snapshot had a stored-size figure. */
        STORED_SIZE,
        /**
         * At least one snapshot was counted at its volume's full size: snapshots store only used,
         * changed blocks, so the real cost is lower, often much lower.
         */
        UPPER_BOUND
    }
}
