package dev.devbox.control;

import dev.devbox.control.ControlRefusal.Kind;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether boxes of this stack may have no public IPv4 address (the PrivateBoxes stack parameter),
 * and the EC2 Instance Connect Endpoint through which such boxes are reached (null: the stack
 * created none).
 */
public record PrivateAccess(Policy policy, String endpointId) {
    /** Never: every box public (no endpoint); Allowed: public unless --private; Always: every box private. */
    public enum Policy { NEVER, ALLOWED, ALWAYS }

    public PrivateAccess {
        Objects.requireNonNull(policy, "policy");
        endpointId = endpointId == null || endpointId.isBlank() ? null : endpointId;
    }

    /** A stack without private boxes: the default of stacks from before the parameter. */
    public static PrivateAccess none() {
        return new PrivateAccess(Policy.NEVER, null);
    }

    /** The stack parameter's value (Never, Allowed, Always; any case); blank or null is Never. */
    public static PrivateAccess of(String policy, String endpointId) {
        if (policy == null || policy.isBlank()) {
            return new PrivateAccess(Policy.NEVER, endpointId);
        }
        try {
            return new PrivateAccess(Policy.valueOf(policy.trim().toUpperCase(Locale.ROOT)), endpointId);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("DEVBOX_PRIVATE_BOXES is '" + policy + "': it takes Never, Allowed or"
                    + " Always (the PrivateBoxes stack parameter).", e);
        }
    }

    /**
     * Whether a launch that asked for {@code asked} (null: the stack's default) starts a private box;
     * refused, before anything changes, when the stack's rule or endpoint does not allow it.
     */
    public boolean privateBox(Boolean asked) {
        boolean wanted = asked == null ? policy == Policy.ALWAYS : asked;
        if (wanted && (policy == Policy.NEVER || endpointId == null)) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "This stack has no private boxes (PrivateBoxes=Never, so no"
                    + " EC2 Instance Connect Endpoint): launch without --private, or ask its admin to deploy it with"
                    + " PrivateBoxes=Allowed.");
        }
        if (!wanted && policy == Policy.ALWAYS) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "Every box of this stack is private (PrivateBoxes=Always):"
                    + " launch it without asking for a public one.");
        }
        return wanted;
    }
}
