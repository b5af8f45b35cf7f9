package dev.devbox.domain.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules an account admin sets for everyone using the stack, from its parameters of the same
 * names. Each has a safe default, so a stack deployed without them is already limited.
 *
 * @param allowedInstanceTypes patterns ({@code *} wildcard); a leading {@code !} excludes
 * @param maxRunningBoxesPerOwner boxes one developer may have launching or running at once
 * @param maxVolumeGiB the largest volume a box may have
 * @param allowedSshCidrs ranges port 22 may be opened to beyond the caller's own address
 * @param adminPrincipals who may act for other developers: ARN patterns or names
 * @param allowedImageOwners accounts besides this one and Canonical whose AMIs {@code --image} may name
 */
public record AdminPolicy(List<String> allowedInstanceTypes, int maxRunningBoxesPerOwner, int maxVolumeGiB,
                          List<Cidr> allowedSshCidrs, List<String> adminPrincipals, List<String> allowedImageOwners) {
    public static final String ALLOWED_INSTANCE_TYPES = "AllowedInstanceTypes";
    public static final String MAX_RUNNING_BOXES_PER_OWNER = "MaxRunningBoxesPerOwner";
    public static final String MAX_VOLUME_GIB = "MaxVolumeGiB";
    public static final String ALLOWED_SSH_CIDRS = "AllowedSshCidrs";
    public static final String ADMIN_PRINCIPALS = "AdminPrincipals";
    public static final String ALLOWED_IMAGE_OWNERS = "AllowedImageOwners";
    public static final List<String> SETTINGS = List.of(ALLOWED_INSTANCE_TYPES, MAX_RUNNING_BOXES_PER_OWNER,
            MAX_VOLUME_GIB, ALLOWED_SSH_CIDRS, ADMIN_PRINCIPALS, ALLOWED_IMAGE_OWNERS);
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    /**
     * General purpose, burstable and compute families, x86 and Graviton; no GPU, no bare metal.
     * template.yaml's AllowedInstanceTypes default repeats this list (a test keeps them equal).
     */
    public static final List<String> DEFAULT_INSTANCE_TYPES = List.of(
            "t3.*", "t3a.*", "t4g.*", "m5.*", "m5a.*", "m6i.*", "m6a.*", "m6g.*", "m7i.*", "m7a.*", "m7g.*", "m8g.*",
            "c5.*", "c5a.*", "c6i.*", "c6a.*", "c6g.*", "c7i.*", "c7a.*", "c7g.*", "c8g.*", "!*.metal*");
    public static final int DEFAULT_MAX_RUNNING_BOXES_PER_OWNER = 3;
    public static final int DEFAULT_MAX_VOLUME_GIB = 500;
    /** EC2's own limit for a gp3 volume. */
    static final int EBS_MAX_GIB = 16384;

    /** The rules before image owners could be listed: none besides this account and Canonical. */
    public AdminPolicy(List<String> allowedInstanceTypes, int maxRunningBoxesPerOwner, int maxVolumeGiB,
                       List<Cidr> allowedSshCidrs, List<String> adminPrincipals) {
        this(allowedInstanceTypes, maxRunningBoxesPerOwner, maxVolumeGiB, allowedSshCidrs, adminPrincipals, List.of());
    }

    public AdminPolicy {
        allowedInstanceTypes = List.copyOf(allowedInstanceTypes);
        allowedSshCidrs = List.copyOf(allowedSshCidrs);
        adminPrincipals = List.copyOf(adminPrincipals);
        allowedImageOwners = allowedImageOwners == null ? List.of() : List.copyOf(allowedImageOwners);
        for (String owner : allowedImageOwners) {
            if (!ACCOUNT_ID.matcher(owner).matches()) {
                throw new IllegalArgumentException(ALLOWED_IMAGE_OWNERS + " takes 12-digit AWS account ids, got '"
                        + owner + "'");
            }
        }
        if (allowedInstanceTypes.stream().noneMatch(p -> !p.startsWith("!"))) {
            throw new IllegalArgumentException(ALLOWED_INSTANCE_TYPES + " allows no instance type at all");
        }
        if (maxRunningBoxesPerOwner < 1) {
            throw new IllegalArgumentException(MAX_RUNNING_BOXES_PER_OWNER + " must be 1 or more, got "
                    + maxRunningBoxesPerOwner);
        }
        if (maxVolumeGiB < 8 || maxVolumeGiB > EBS_MAX_GIB) {
            throw new IllegalArgumentException(MAX_VOLUME_GIB + " must be 8 to " + EBS_MAX_GIB + ", got " + maxVolumeGiB);
        }
        for (Cidr c : allowedSshCidrs) {
            if (c.prefix() == 0) {
                throw new IllegalArgumentException(ALLOWED_SSH_CIDRS + " may not contain " + c
                        + ": devbox never opens SSH to the whole internet");
            }
        }
    }

    public static AdminPolicy defaults() {
        return new AdminPolicy(DEFAULT_INSTANCE_TYPES, DEFAULT_MAX_RUNNING_BOXES_PER_OWNER, DEFAULT_MAX_VOLUME_GIB,
                List.of(), List.of());
    }

    /**
     * The policy from settings named as the stack's parameters; a missing or empty setting keeps
     * its default.
     *
     * @throws IllegalArgumentException naming the setting that is invalid
     */
    public static AdminPolicy from(Map<String, String> settings) {
        AdminPolicy d = defaults();
        List<String> types = list(settings.get(ALLOWED_INSTANCE_TYPES));
        List<Cidr> cidrs = new ArrayList<>();
        for (String c : list(settings.get(ALLOWED_SSH_CIDRS))) {
            try {
                cidrs.add(Cidr.parse(c));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ALLOWED_SSH_CIDRS + ": " + e.getMessage(), e);
            }
        }
        return new AdminPolicy(types.isEmpty() ? d.allowedInstanceTypes : types,
                number(settings, MAX_RUNNING_BOXES_PER_OWNER, d.maxRunningBoxesPerOwner),
                number(settings, MAX_VOLUME_GIB, d.maxVolumeGiB), cidrs, list(settings.get(ADMIN_PRINCIPALS)),
                list(settings.get(ALLOWED_IMAGE_OWNERS)));
    }

    /** The settings that give this policy back through {@link #from}. */
    public Map<String, String> settings() {
        return Map.of(ALLOWED_INSTANCE_TYPES, String.join(",", allowedInstanceTypes),
                MAX_RUNNING_BOXES_PER_OWNER, Integer.toString(maxRunningBoxesPerOwner),
                MAX_VOLUME_GIB, Integer.toString(maxVolumeGiB),
                ALLOWED_SSH_CIDRS, String.join(",", allowedSshCidrs.stream().map(Cidr::toString).toList()),
                ADMIN_PRINCIPALS, String.join(",", adminPrincipals),
                ALLOWED_IMAGE_OWNERS, String.join(",", allowedImageOwners));
    }

    public boolean isAdmin(String principal) {
        return adminPrincipals.stream().anyMatch(p -> Principals.matches(p, principal));
    }

    /** True if some pattern allows {@code instanceType} and no {@code !pattern} excludes it. */
    public boolean allowsInstanceType(String instanceType) {
        boolean allowed = false;
        for (String p : allowedInstanceTypes) {
            boolean exclude = p.startsWith("!");
            if (glob(exclude ? p.substring(1) : p).matcher(instanceType).matches()) {
                if (exclude) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    private static List<String> list(String value) {
        if (value == null) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int number(Map<String, String> settings, String key, int fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
        }
    }
}
