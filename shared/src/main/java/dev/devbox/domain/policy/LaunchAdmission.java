package dev.devbox.domain.policy;

import java.util.List;
import java.util.Optional;

/**
 * The admin policy's verdict on a launch, judged before anything is claimed or started: each
 * check either passes or throws {@link PolicyRefusedException} with one line saying which rule
 * refused and what would pass.
 */
public final class LaunchAdmission {
    private final AdminPolicy policy;

    public LaunchAdmission(AdminPolicy policy) {
        this.policy = policy;
    }

    public void instanceType(String instanceType) {
        if (!policy.allowsInstanceType(instanceType)) {
            throw new PolicyRefusedException("Instance type " + instanceType + " is not allowed in this stack"
                    + " (AllowedInstanceTypes: " + String.join(", ", policy.allowedInstanceTypes())
                    + "): pick one of those, or ask your admin.");
        }
    }

    /** {@code sizesGiB}: every volume the box would have, root first. */
    public void volumes(List<Integer> sizesGiB) {
        for (int size : sizesGiB) {
            if (size > policy.maxVolumeGiB()) {
                throw new PolicyRefusedException("A " + size + " GiB volume is more than this stack allows (MaxVolumeGiB "
                        + policy.maxVolumeGiB() + "): ask for " + policy.maxVolumeGiB() + " GiB or less.");
            }
        }
    }

    /** {@code running}: the owner's projects launching or running now, not counting this one. */
    public void runningBoxes(String owner, List<String> running) {
        if (running.size() >= policy.maxRunningBoxesPerOwner()) {
            throw new PolicyRefusedException(Principals.name(owner) + " already has " + running.size()
                    + " box(es) running (" + String.join(", ", running) + "), the most this stack allows"
                    + " (MaxRunningBoxesPerOwner " + policy.maxRunningBoxesPerOwner() + "): terminate one first.");
        }
    }

    /**
     * The range port 22 may be opened to: the one asked for, else the caller's own address. A
     * single address is allowed when it is the caller's own (or the caller's address is not known
     * here); anything wider only within AllowedSshCidrs; the whole internet never.
     *
     * @return the range to open, empty when there is none to open
     */
    public Optional<Cidr> sshRange(Optional<Cidr> asked, Optional<Cidr> callerAddress) {
        if (asked.isEmpty()) {
            return callerAddress;
        }
        Cidr range = asked.get();
        if (range.prefix() == 0) {
            throw new PolicyRefusedException("SSH is never opened to " + range + " (the whole internet): leave out"
                    + " --ssh-cidr to open it to your own address only.");
        }
        boolean withinAllowed = policy.allowedSshCidrs().stream().anyMatch(a -> a.contains(range));
        boolean ownAddress = range.singleHost() && callerAddress.map(range::equals).orElse(true);
        if (!withinAllowed && !ownAddress) {
            String allowed = policy.allowedSshCidrs().isEmpty() ? "none"
                    : String.join(", ", policy.allowedSshCidrs().stream().map(Cidr::toString).toList());
            throw new PolicyRefusedException("SSH may not be opened to " + range + " in this stack: only to your own"
                    + " address" + callerAddress.map(c -> " (" + c + ")").orElse("") + " or within AllowedSshCidrs ("
                    + allowed + ").");
        }
        return asked;
    }
}
