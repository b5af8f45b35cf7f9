package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.control.ControlSettings;
import dev.devbox.control.SshRules;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.OwnerNamespace;
import dev.devbox.domain.ResourceNames;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.port.Ec2RefusedException;
import dev.devbox.port.LaunchEc2;
import dev.devbox.port.LaunchEc2.BoxDisk;
import dev.devbox.port.LaunchEc2.BoxSpec;
import dev.devbox.port.LaunchEc2.ImageDisk;

import javax.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * RunInstances for a claimed cycle: every subnet of the stack in turn while EC2 has no capacity,
 * Spot first when asked (falling back to on demand only with {@code --spot-fallback}), each
 * attempt with a client token derived from the cycle, so that a retry cannot start a second box.
 */
public final class BoxRunner {
    /** Tags on the box that `status` reads back. */
    public static final String TAG_IDLE_MINUTES = "devbox:idle-minutes";
    public static final String TAG_INIT_RATE = "devbox:init-rate";
    /** "spot" or "on-demand": how the box was bought, for a launch that finds it after an error. */
    public static final String TAG_MARKET = "devbox:market";
    /** "private" (no public IPv4 address, reached through the stack's endpoint) or "public". */
    public static final String TAG_ACCESS = "devbox:access";
    public static final String ACCESS_PRIVATE = "private";
    /** EC2 tag values are at most 256 characters. */
    static final int MAX_TAG_VALUE = 256;
    private static final List<String> TRY_NEXT_SUBNET = List.of("InsufficientInstanceCapacity", "Unsupported");
    /**
     * RunInstances errors that mean "no Spot box for you right now": capacity, price, the account's
     * Spot quota. The capacity codes of Spot requests come back as InsufficientInstanceCapacity.
     */
    static final List<String> SPOT_UNAVAILABLE = List.of("InsufficientInstanceCapacity", "SpotMaxPriceTooLow",
            "MaxSpotInstanceCountExceeded", "InsufficientCapacity", "Unsupported", "capacity-not-available",
            "capacity-oversubscribed");

    private final LaunchEc2 ec2;
    private final ControlSettings control;
    private final String stack;

    @Inject
    public BoxRunner(LaunchEc2 ec2, ControlSettings control, PipelineSettings settings) {
        this.ec2 = ec2;
        this.control = control;
        this.stack = settings.stack();
    }

    /** The box RunInstances started: Spot or on demand, and whether Spot fell back. */
    record Started(String instanceId, boolean spot, boolean fellBack) {
    }

    /** What one box is: the cycle, its owner, image, root size, key, range, and the asks. */
    record Box(CycleRef cycle, String owner, LaunchImages.Chosen image, int rootSizeGiB, String keyName,
               String sshCidr, LaunchAsk ask, boolean privateBox) {
        Box(CycleRef cycle, String owner, LaunchImages.Chosen image, int rootSizeGiB, String keyName,
            String sshCidr, LaunchAsk ask) {
            this(cycle, owner, image, rootSizeGiB, keyName, sshCidr, ask, false);
        }
    }

    /** @param notes hears one line for each thing the user should know (a fallback, a skipped subnet) */
    Started start(Box box, Consumer<String> notes) {
        if (!box.ask().wantsSpot()) {
            return new Started(run(box, false, notes), false, false);
        }
        try {
            return new Started(run(box, true, notes), true, false);
        } catch (Ec2RefusedException e) {
            if (!SPOT_UNAVAILABLE.contains(e.code())) {
                throw e;
            }
            String type = box.ask().instanceType() != null ? box.ask().instanceType() : "the stack's instance type";
            if (!box.ask().fallsBack()) {
                throw new ControlRefusal(Kind.EC2, "No Spot capacity for " + type + " in the stack's subnets ("
                        + e.code() + "): nothing was started. Rerun with --spot-fallback to start on demand when"
                        + " Spot has none, or rerun without --spot.");
            }
            notes.accept("No Spot capacity for " + type + " (" + e.code() + "): starting on demand instead"
                    + " (--spot-fallback).");
            return new Started(run(box, false, notes), false, true);
        }
    }

    private String run(Box box, boolean spot, Consumer<String> notes) {
        List<String> subnets = control.subnetIds();
        if (subnets.isEmpty()) {
            throw new IllegalStateException("the control plane has no subnets to launch into (DEVBOX_SUBNETS)");
        }
        Ec2RefusedException last = null;
        for (int i = 0; i < subnets.size(); i++) {
            String subnet = subnets.get(i);
            String token = clientToken(stack, box.cycle(), spot ? "spot" + i : "s" + i);
            BoxSpec spec = new BoxSpec(control.launchTemplateId(), box.image().image().imageId(),
                    box.ask().instanceType(), box.keyName(), subnet, control.securityGroupId(), token, disks(box),
                    box.ask().userData(), instanceTags(box, spot), volumeTags(box), spot, box.privateBox());
            try {
                return ec2.run(spec);
            } catch (Ec2RefusedException e) {
                if (!(spot ? SPOT_UNAVAILABLE : TRY_NEXT_SUBNET).contains(e.code()) || i == subnets.size() - 1) {
                    throw e;
                }
                notes.accept("No " + (spot ? "Spot " : "") + "capacity in " + subnet + " (" + e.code()
                        + "): trying the next subnet.");
                last = e;
            }
        }
        throw last;
    }

    /** The image's volumes, as the box gets them: kept on termination, encrypted, the root at its size. */
    private List<BoxDisk> disks(Box box) {
        List<BoxDisk> disks = new ArrayList<>();
        boolean base = !box.image().fromProject();
        for (ImageDisk d : box.image().image().disks()) {
            boolean root = d.device().equals(box.image().image().rootDevice());
            boolean fromSnapshot = d.snapshotId() != null;
            // The image's own snapshot is named: an override without it (or a size) is refused by stricter
            // implementations of the API. A provisioned rate applies to volumes restored from snapshots.
            disks.add(new BoxDisk(d.device(), d.snapshotId(), root ? Integer.valueOf(box.rootSizeGiB()) : d.sizeGiB(),
                    base, fromSnapshot ? box.ask().initRateMiBs() : null, control.ebsKmsKeyId()));
        }
        return disks;
    }

    private Map<String, String> volumeTags(Box box) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", "devbox-" + OwnerNamespace.displayName(box.cycle().project(), box.owner()));
        tags.put(ResourceNames.TAG_STACK, stack);
        tags.put(ResourceNames.TAG_PROJECT, box.cycle().project().value());
        tags.put(ResourceNames.TAG_GENERATION, Long.toString(box.cycle().generation()));
        tags.put(ResourceNames.TAG_OWNER, truncate(box.owner()));
        return tags;
    }

    private Map<String, String> instanceTags(Box box, boolean spot) {
        Map<String, String> tags = volumeTags(box);
        tags.put(TAG_MARKET, spot ? "spot" : "on-demand");
        tags.put(TAG_ACCESS, box.privateBox() ? ACCESS_PRIVATE : "public");
        tags.put(TAG_IDLE_MINUTES, Integer.toString(box.ask().idleMinutes() == null ? 0 : box.ask().idleMinutes()));
        if (box.sshCidr() != null) {
            tags.put(SshRules.TAG_SSH_CIDR, box.sshCidr());
        }
        if (box.ask().initRateMiBs() != null) {
            tags.put(TAG_INIT_RATE, Integer.toString(box.ask().initRateMiBs()));
        }
        return tags;
    }

    /** At most 64 characters, the same for every retry of this cycle in this subnet and market. */
    static String clientToken(String stack, CycleRef cycle, String attempt) {
        String token = "devbox-" + stack + "-" + cycle.project() + "-g" + cycle.generation() + "-" + attempt;
        if (token.length() <= 64) {
            return token;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "devbox-" + HexFormat.of().formatHex(digest, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s) {
        return s.length() <= MAX_TAG_VALUE ? s : s.substring(0, MAX_TAG_VALUE);
    }
}
