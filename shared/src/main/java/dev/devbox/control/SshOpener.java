package dev.devbox.control;

import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.domain.policy.Cidr;
import dev.devbox.domain.policy.LaunchAdmission;
import dev.devbox.domain.policy.ProjectAccess;

import javax.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Port 22 for a launch of the caller's project (a new one, or one of theirs), opened to the range
 * the team rules allow: the range asked for within AllowedSshCidrs, else the caller's own address
 * as Lambda saw the request; then the rules no live box needs are closed. A launch opens it
 * before its claim, so that a refused range changes nothing, and again once the box runs.
 */
public final class SshOpener {
    private final ProjectDirectory directory;
    private final SshRules rules;
    private final AdminPolicy policy;

    @Inject
    public SshOpener(ProjectDirectory directory, SshRules rules, AdminPolicy policy) {
        this.directory = directory;
        this.rules = rules;
        this.policy = policy;
    }

    /** The range opened (null: none, as no address is known and none was asked for), and those closed. */
    public record Opened(String cidr, List<String> closed) {
    }

    /** The range the rules allow for this request, checked before anything changes. */
    public Optional<Cidr> allowed(ProjectAccess access, ProjectName name, String cidr, String sourceIp) {
        Optional<Project> existing = directory.find(access, name);
        if (existing.isEmpty() && access.actingFor().isPresent()) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "--owner acts on another developer's existing project;"
                    + " a new project belongs to whoever launches it.");
        }
        return range(cidr, sourceIp);
    }

    /** The range the rules allow for {@code cidr} (null: the caller's own address, {@code sourceIp}). */
    public Optional<Cidr> range(String cidr, String sourceIp) {
        Optional<Cidr> asked;
        Optional<Cidr> caller;
        try {
            asked = Optional.ofNullable(cidr).filter(c -> !c.isBlank()).map(Cidr::parse);
            caller = Optional.ofNullable(sourceIp).filter(ip -> !ip.isBlank()).map(Cidr::host);
        } catch (IllegalArgumentException e) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "--ssh-cidr " + e.getMessage() + ".");
        }
        return new LaunchAdmission(policy).sshRange(asked, caller);
    }

    public Opened open(ProjectAccess access, ProjectName name, String cidr, String sourceIp) {
        return open(name, allowed(access, name, cidr, sourceIp));
    }

    /** Closes the rules no live box needs, after a launch gave up; housekeeping, so it never throws. */
    public List<String> closeStale() {
        try {
            return rules.removeStale(null);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Opens a range {@link #allowed} judged. */
    public Opened open(ProjectName name, Optional<Cidr> range) {
        String opened = range.map(Cidr::toString).orElse(null);
        if (opened != null) {
            rules.open(name.value(), opened);
        }
        return new Opened(opened, rules.removeStale(opened));
    }
}
