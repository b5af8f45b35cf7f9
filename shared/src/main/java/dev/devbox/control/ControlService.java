package dev.devbox.control;

import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.domain.InvalidProjectNameException;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.domain.policy.Caller;
import dev.devbox.domain.policy.Cidr;
import dev.devbox.domain.policy.LaunchAdmission;
import dev.devbox.domain.policy.ProjectAccess;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the control plane does for a signed caller: decides whose request it is (the owner
 * checks and the admin's {@code --owner}), then acts with the control plane's own permissions,
 * which developers do not hold. Refusals are {@link dev.devbox.domain.DevboxException}s and
 * change nothing.
 */
public final class ControlService {
    public static final List<String> ACTIONS = List.of("claim", "launched", "release", "terminate", "delete", "ssh",
            "capture");

    private final ProjectStore projects;
    private final OwnedBoxes boxes;
    private final ProjectRemover remover;
    private final SshRules ssh;
    private final LaunchClaims claims;
    private final AdminPolicy policy;
    private final PipelineSettings settings;

    @Inject
    public ControlService(ProjectStore projects, OwnedBoxes boxes, ProjectRemover remover, SshRules ssh,
                          LaunchClaims claims, AdminPolicy policy, PipelineSettings settings) {
        this.projects = projects;
        this.boxes = boxes;
        this.remover = remover;
        this.ssh = ssh;
        this.claims = claims;
        this.policy = policy;
        this.settings = settings;
    }

    /**
     * @param sourceIp the address the request came from, as Lambda saw it (null when not known)
     * @return the result, as the reply's fields
     */
    public Map<String, Object> perform(String principal, String sourceIp, ControlRequest request) {
        if (request.action() == null || !ACTIONS.contains(request.action())) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "This control plane does not know the action '"
                    + request.action() + "' (it knows " + String.join(", ", ACTIONS) + "): if your devbox is newer"
                    + " than the stack, ask its admin to update it ('sam deploy').");
        }
        ProjectAccess access = new ProjectAccess(Caller.of(principal, policy), Optional.ofNullable(request.owner()));
        if (request.action().equals("ssh")) {
            return openSsh(access, name(request.project()), request.cidr(), sourceIp);
        }
        if (request.action().equals("claim")) {
            Project claimed = claims.claim(access, name(request.project()), request.instanceType(),
                    request.volumeSizes());
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("project", claimed.name().value());
            reply.put("generation", claimed.generation());
            reply.put("owner", claimed.owner());
            return reply;
        }
        Project project = require(access, request.project());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("project", project.name().value());
        switch (request.action()) {
            case "terminate" -> {
                OwnedBoxes.Terminated terminated = boxes.terminate(project);
                reply.put("instanceId", terminated.instanceId());
                reply.put("closedSsh", terminated.closedSsh());
            }
            case "capture" -> reply.put("recorded", boxes.captureMapping(project));
            case "launched" -> claims.launched(project, generation(request), required(request.instanceId(), "instanceId"));
            case "release" -> claims.release(project, generation(request), request.reason());
            case "delete" -> {
                Removal removal = remover.remove(project);
                reply.put("images", removal.images());
                reply.put("snapshots", removal.snapshots());
                reply.put("volumes", removal.volumes());
                reply.put("skipped", removal.skipped());
            }
            default -> throw new IllegalStateException(request.action()); // ACTIONS was checked above
        }
        return reply;
    }

    /**
     * Opens port 22 for a launch of the caller's project (a new one, or one of theirs) to the range
     * the team rules allow: the caller's own address, or a range within AllowedSshCidrs; then
     * closes the rules no live box needs. Called before the launch claims the project, so that a
     * refused range changes nothing, and again once the box runs, to re-assert the rule.
     */
    private Map<String, Object> openSsh(ProjectAccess access, ProjectName name, String cidr, String sourceIp) {
        Optional<Project> existing = projects.find(name).map(access::check);
        if (existing.isEmpty() && access.actingFor().isPresent()) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "--owner acts on another developer's existing project;"
                    + " a new project belongs to whoever launches it.");
        }
        Optional<Cidr> asked;
        Optional<Cidr> caller;
        try {
            asked = Optional.ofNullable(cidr).filter(c -> !c.isBlank()).map(Cidr::parse);
            caller = Optional.ofNullable(sourceIp).filter(ip -> !ip.isBlank()).map(Cidr::host);
        } catch (IllegalArgumentException e) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "--ssh-cidr " + e.getMessage() + ".");
        }
        Optional<Cidr> range = new LaunchAdmission(policy).sshRange(asked, caller);
        String opened = range.map(Cidr::toString).orElse(null);
        if (opened != null) {
            ssh.open(name.value(), opened);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("project", name.value());
        reply.put("cidr", opened);
        reply.put("closedSsh", ssh.removeStale(opened));
        return reply;
    }

    private static long generation(ControlRequest request) {
        if (request.generation() == null || request.generation() < 1) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "'" + request.action() + "' needs the generation the claim"
                    + " opened (1 or more).");
        }
        return request.generation();
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "The request has no " + field + ".");
        }
        return value;
    }

    private static ProjectName name(String projectName) {
        try {
            return ProjectName.of(projectName);
        } catch (InvalidProjectNameException e) {
            throw new ControlRefusal(Kind.BAD_REQUEST, e.getMessage());
        }
    }

    private Project require(ProjectAccess access, String projectName) {
        ProjectName name = name(projectName);
        Project project = projects.find(name).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND,
                "No project '" + name + "' in stack '" + settings.stack() + "'."));
        return access.check(project);
    }
}
