package dev.devbox.control;

import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.control.launch.BoxLaunches;
import dev.devbox.control.read.ProjectReads;
import dev.devbox.domain.InvalidProjectNameException;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.domain.policy.Caller;
import dev.devbox.domain.policy.ForeignProjectException;
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
    public static final List<String> ACTIONS = List.of("launch", "terminate", "delete", "ssh", "capture", "project",
            "list", "status", "history", "tunnel");

    private final ProjectStore projects;
    private final ProjectDirectory directory;
    private final OwnedBoxes boxes;
    private final ProjectRemover remover;
    private final SshOpener ssh;
    private final BoxLaunches launches;
    private final BoxTunnels tunnels;
    private final ProjectReads reads;
    private final AdminPolicy policy;
    private final PipelineSettings settings;

    @Inject
    public ControlService(ProjectStore projects, ProjectDirectory directory, OwnedBoxes boxes, ProjectRemover remover,
                          SshOpener ssh, BoxLaunches launches, ProjectReads reads, AdminPolicy policy,
                          PipelineSettings settings, BoxTunnels tunnels) {
        this.projects = projects;
        this.directory = directory;
        this.boxes = boxes;
        this.remover = remover;
        this.ssh = ssh;
        this.launches = launches;
        this.tunnels = tunnels;
        this.reads = reads;
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
            SshOpener.Opened opened = ssh.open(access, name(request.project()), request.cidr(), sourceIp);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("project", request.project());
            reply.put("cidr", opened.cidr());
            reply.put("closedSsh", opened.closed());
            return reply;
        }
        if (request.action().equals("launch")) {
            return launches.launch(access, name(request.project()), request.cidr(), sourceIp, request.launch());
        }
        if (request.action().equals("list")) {
            return reads.list(visible(access, Boolean.TRUE.equals(request.all())));
        }
        Project project = require(access, request.project());
        switch (request.action()) {
            case "project" -> {
                return reads.look(project);
            }
            case "status" -> {
                return reads.status(project);
            }
            case "history" -> {
                return reads.history(project);
            }
            case "tunnel" -> {
                return tunnels.open(project); // changes nothing: a presigned URL for the owner's own box
            }
            default -> {
                // the actions below change something
            }
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("project", ProjectDirectory.displayName(project));
        switch (request.action()) {
            case "terminate" -> {
                OwnedBoxes.Terminated terminated = boxes.terminate(project);
                reply.put("instanceId", terminated.instanceId());
                reply.put("closedSsh", terminated.closedSsh());
            }
            case "capture" -> reply.put("recorded", boxes.captureMapping(project));
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

    /** The caller's projects (or the named owner's); with {@code all}, everyone's, for admins only. */
    private List<Project> visible(ProjectAccess access, boolean all) {
        if (all && !access.caller().admin()) {
            throw new ForeignProjectException("Only an admin of this stack sees every developer's projects"
                    + " (--all): you are " + access.caller().name() + ".");
        }
        // With --owner, that developer's projects; the owner-less ones (an admin's) show in the admin's own list.
        return projects.list().stream().filter(p -> all || access.mine(p)
                        && (p.owner() != null || access.actingFor().isEmpty()))
                .sorted(java.util.Comparator.comparing(ProjectDirectory::displayName)
                        .thenComparing(p -> String.valueOf(p.owner()))).toList();
    }

    private static ProjectName name(String projectName) {
        try {
            return ProjectName.of(projectName);
        } catch (InvalidProjectNameException e) {
            throw new ControlRefusal(Kind.BAD_REQUEST, e.getMessage());
        }
    }

    /** The caller's project of that name: ProjectDirectory is where a name meets its owner check. */
    private Project require(ProjectAccess access, String projectName) {
        ProjectName name = name(projectName);
        return directory.find(access, name).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND,
                "No project '" + name + "' in stack '" + settings.stack() + "': 'devbox list' shows your projects,"
                        + " 'devbox launch " + name + "' creates it."));
    }
}
