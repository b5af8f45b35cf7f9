package dev.devbox.cli.cost;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * What a running box has cost since launch, and what it costs per hour from now on.
 *
 * @param billed the running time billed (per second, at least one minute)
 * @param rate whether {@code instanceHourly} is the on-demand list price or a given Spot price
 * @param storageUsd the box's volumes, pro rata for {@code billed}
 * @param publicIpv4Usd its public IPv4 address, zero when it has none
 * @param usdPerHour the running rate: instance, volumes and address together
 */
public record RunningBoxEstimate(
        String region,
        String instanceType,
        Duration billed,
        Rate rate,
        BigDecimal instanceHourly,
        BigDecimal instanceUsd,
        BigDecimal storageUsd,
        BigDecimal publicIpv4Usd,
        BigDecimal totalUsd,
        BigDecimal usdPerHour,
        List<String> assumptions) {
    public RunningBoxEstimate {
        assumptions = List.copyOf(assumptions);
    }

    /** Where the instance's hourly price came from. */
    public enum Rate {
        ON_DEMAND_LIST,
        SPOT_GIVEN
    }
}
