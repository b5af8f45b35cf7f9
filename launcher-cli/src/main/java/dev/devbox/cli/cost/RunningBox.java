package dev.devbox.cli.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the estimate of a running box needs to know about it.
 *
 * @param spotHourly the Spot price per hour when the box is a Spot box (e.g. the price
 *     DescribeSpotPriceHistory reports for its type and zone); empty for on-demand
 * @param publicIpv4 whether the box has a public IPv4 address (charged per hour)
 */
public record RunningBox(
        String region,
        String instanceType,
        Instant launchedAt,
        List<VolumeSize> volumes,
        boolean publicIpv4,
        Optional<BigDecimal> spotHourly) {
    public RunningBox {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(launchedAt, "launchedAt");
        volumes = List.copyOf(volumes);
        Objects.requireNonNull(spotHourly, "spotHourly");
        if (spotHourly.isPresent() && spotHourly.get().signum() < 0) {
            throw new IllegalArgumentException("spotHourly must not be negative: " + spotHourly.get());
        }
    }

    /** An on-demand box with a public IPv4 address, as devbox launches by default. */
    public static RunningBox onDemand(String region, String instanceType, Instant launchedAt, List<VolumeSize> volumes) {
        return new RunningBox(region, instanceType, launchedAt, volumes, true, Optional.empty());
    }

    /** The same box, billed at the given Spot price per hour. */
    public RunningBox withSpotHourly(BigDecimal price) {
        return new RunningBox(region, instanceType, launchedAt, volumes, publicIpv4, Optional.of(price));
    }
}
