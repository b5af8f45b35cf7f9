package dev.devbox.control;

import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.Failure;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectBusyException;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.domain.policy.LaunchAdmission;
import dev.devbox.domain.policy.ProjectAccess;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.ProjectStore;

import javax.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A launch's writes to the project records, done for the signed caller: the claim (the
 * conditional write that lets one of many concurrent launches through, for the caller's own or a
 * new project, within the team rules), the box the control plane started, or the claim given up. Developers hold
 * no write permission on the table, so these are the only way a launch changes a record.
 */
public final class LaunchClaims {
    /** Claims for one owner that race each other are retried this often before the launch gives up. */
    static final int CLAIM_ATTEMPTS = 3;
    private final ProjectStore projects;
    private final ProjectDirectory directory;
    private final AdminPolicy policy;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public LaunchClaims(ProjectStore projects, ProjectDirectory directory, AdminPolicy policy, Clock clock,
                        StepLog log) {
        this.projects = projects;
        this.directory = directory;
        this.policy = policy;
        this.clock = clock;
        this.log = log;
    }

    /**
     * The caller's project, if it exists, for a launch: refused unless it is theirs (or an admin
     * named its owner) and launchable; a new one cannot be created for another owner.
     */
    public Optional<Project> existing(ProjectAccess access, ProjectName name) {
        Optional<Project> existing = directory.find(access, name);
        if (existing.isEmpty() && access.actingFor().isPresent()) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "--owner acts on another developer's existing project; a new"
                    + " project belongs to whoever launches it, so leave out --owner to create '" + name + "'.");
        }
        existing.filter(p -> !p.state().launchable()).ifPresent(p -> {
            throw new ControlRefusal(Kind.CONFLICT, busy(name.value(), p.state(), p.instanceId()));
        });
        return existing;
    }

    /**
     * The team rules for a launch by the caller, judged before anything changes: the project is
     * {@link #existing the caller's own, or new}, and the instance type, every volume's size and
     * the owner's running boxes are within the rules.
     *
     * @return the launch's owner: an existing project's, else the caller
     */
    public String admit(ProjectAccess access, ProjectName name, String instanceType, List<Integer> volumeSizes) {
        // A project from before owners gets one now: the owner an admin names, else the admin.
        String owner = ownerOf(access, name);
        ProjectName key = directory.keyFor(access, name);
        LaunchAdmission admission = new LaunchAdmission(policy);
        if (instanceType != null) {
            admission.instanceType(instanceType);
        }
        if (volumeSizes != null) {
            if (volumeSizes.stream().anyMatch(size -> size == null || size < 1)) {
                throw new ControlRefusal(Kind.BAD_REQUEST, "Every volume size is a whole number of GiB, 1 or more;"
                        + " got " + volumeSizes + ".");
            }
            admission.volumes(volumeSizes);
        }
        admission.runningBoxes(owner, projects.list().stream()
                .filter(p -> owner.equals(p.owner()) && !p.name().equals(key))
                .filter(p -> p.state() == ProjectState.LAUNCHING || p.state() == ProjectState.RUNNING)
                .map(ProjectDirectory::displayName).toList());
        return owner;
    }

    /**
     * Claims {@code name} for a launch by the caller (an existing project keeps its owner and key; a
     * new one becomes the caller's, under their own key), after {@link #admit the team rules}. A
     * refusal changes nothing.
     */
    public Project claim(ProjectAccess access, ProjectName name, String instanceType, List<Integer> volumeSizes) {
        return claim(access, name, instanceType, volumeSizes, null);
    }

    /** As {@link #claim(ProjectAccess, ProjectName, String, List)}, recording {@code sshUser} (null: keep the record's). */
    public Project claim(ProjectAccess access, ProjectName name, String instanceType, List<Integer> volumeSizes,
                         String sshUser) {
        for (int attempt = 1; ; attempt++) {
            // The ticket is read before the rules count the owner's boxes: a claim of theirs committed in
            // between moves it, and this claim's write then fails instead of exceeding the limit.
            String owner = ownerOf(access, name);
            long ticket = projects.launchTicket(owner);
            admit(access, name, instanceType, volumeSizes);
            ProjectName key = directory.keyFor(access, name);
            try {
                Project claimed = projects.claimLaunch(key, owner, clock.instant(), ticket, sshUser);
                log.step("claim").cycle(claimed.cycle()).with("owner", owner).outcome("claimed");
                return claimed;
            } catch (ProjectBusyException e) {
                String instanceId = projects.find(key).map(Project::instanceId).orElse(null);
                throw new ControlRefusal(Kind.CONFLICT, busy(name.value(), e.state(), instanceId));
            } catch (ConcurrentUpdateException e) {
                if (attempt == CLAIM_ATTEMPTS) {
                    throw new ControlRefusal(Kind.CONFLICT, "Other launches of yours kept claiming at the same moment"
                            + " as this one: 'devbox list' shows them; try again.");
                }
                log.step("claim").with("project", name.value()).with("owner", owner).outcome("raced, again");
            }
        }
    }

    /** Who a launch is for: an existing project's owner, the owner an admin names for one from before owners, else the caller. */
    private String ownerOf(ProjectAccess access, ProjectName name) {
        Optional<Project> existing = existing(access, name);
        return existing.map(Project::owner)
                .or(() -> existing.isPresent() ? access.actingFor() : Optional.empty())
                .orElse(access.caller().principal());
    }

    /** The volume rule alone, for sizes that changed after the claim (a save completed in between). */
    public void checkVolumes(List<Integer> volumeSizes) {
        new LaunchAdmission(policy).volumes(volumeSizes);
    }

    /**
     * Records the box the control plane itself started for the claim (with the cycle's tags, set
     * as RunInstances created it): its tags are not read back, as EC2 may not list a box it started
     * a moment ago. The write is conditional on the claim still being open.
     */
    public void started(Project claimed, String instanceId) {
        projects.recordLaunched(claimed.cycle(), instanceId, clock.instant());
        log.step("launched").cycle(claimed.cycle()).with("instance", instanceId).outcome("running");
    }

    /** Gives the claim up as FAILED (launchable again): no box was started for it. */
    public void release(Project project, String reason) {
        String why = reason == null || reason.isBlank() ? "the launch failed" : reason;
        projects.markFailed(project.cycle(), ProjectState.LAUNCHING, new Failure(ProjectState.LAUNCHING, why),
                clock.instant());
        log.step("release").cycle(project.cycle()).with("reason", why).outcome("failed");
    }

    /** What a launch of a project that is not launchable says, in every place that meets one. */
    public static String busy(String project, ProjectState state, String instanceId) {
        return switch (state) {
            case LAUNCHING -> "Project '" + project + "' is already being launched: 'devbox wait " + project
                    + " --until running' follows it.";
            case RUNNING -> "Project '" + project + "' already has a running box"
                    + (instanceId == null ? "" : " (" + instanceId + ")") + ": connect with 'devbox ssh " + project
                    + "', or stop it with 'devbox terminate " + project + "'.";
            default -> "Project '" + project + "' is saving its last box (" + state + "): 'devbox wait " + project
                    + "' waits until it is READY, then launch again.";
        };
    }
}
