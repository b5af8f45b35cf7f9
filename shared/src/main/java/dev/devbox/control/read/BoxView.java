package dev.devbox.control.read;

import dev.devbox.domain.IdleReport;

import java.math.BigDecimal;
import java.util.List;

/**
 * A project's box as the control plane shows it to its owner. {@code volumes}, {@code idle} and
 * {@code spotPriceUsdPerHour} are filled where the action reads them (list: volumes and Spot
 * price; status: all three), else empty or null.
 *
 * @param address     what ssh should use: the public IP, else the public DNS name, else the private IP
 * @param publicIpv4  true when the box has a public IPv4 address (which AWS bills by the hour)
 * @param idleMinutes the idle limit it was launched with (0: off), null for boxes from before it was kept
 * @param initRateMiBs the volume initialization rate it was launched with, or null
 * @param privateBox  launched without a public IPv4 address: reached through the stack's EC2 Instance
 *                    Connect Endpoint ({@code devbox proxy})
 */
public record BoxView(String instanceId, String state, String stateReason, String instanceType, String address,
                      boolean publicIpv4, String keyName, String launchTime, String zone, boolean spot,
                      Integer idleMinutes, Integer initRateMiBs, List<Volume> volumes, IdleReport idle,
                      BigDecimal spotPriceUsdPerHour, boolean privateBox) {

    public BoxView {
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /** A box as control planes from before private boxes described it: a public one. */
    public BoxView(String instanceId, String state, String stateReason, String instanceType, String address,
                   boolean publicIpv4, String keyName, String launchTime, String zone, boolean spot,
                   Integer idleMinutes, Integer initRateMiBs, List<Volume> volumes, IdleReport idle,
                   BigDecimal spotPriceUsdPerHour) {
        this(instanceId, state, stateReason, instanceType, address, publicIpv4, keyName, launchTime, zone, spot,
                idleMinutes, initRateMiBs, volumes, idle, spotPriceUsdPerHour, false);
    }

    public boolean runningOrStarting() {
        return "running".equals(state) || "pending".equals(state);
    }

    /** Stopped outside devbox (stop-instances, the console): its work is not saved until it is terminated. */
    public boolean stopped() {
        return "stopping".equals(state) || "stopped".equals(state);
    }

    /** An attached EBS volume; the initialization fields are EC2's progress, null where it reports none. */
    public record Volume(String volumeId, String device, String type, int sizeGiB, Long initProgressPercent,
                         Long initSecondsLeft) {
    }
}
