package dev.devbox.control;

import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.ResourceNames;
import dev.devbox.pipeline.MappingCapture;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.ControlEc2;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway.InstanceView;

import javax.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The box of a project's open cycle, acted on for its owner: `devbox terminate`, and recording
 * its device mapping once it runs. Only a box whose tags say it is that cycle's and that owner's:
 * the record alone is not trusted, as a record pointing at someone else's box must not end it.
 */
public final class OwnedBoxes {
    /** EC2's tag values are at most 256 characters; the launch truncates the owner to fit. */
    static final int MAX_TAG_VALUE = 256;
    private static final Set<String> ENDING = Set.of("shutting-down", "terminated");

    private final ControlEc2 ec2;
    private final MappingCapture capture;
    private final PipelineSettings settings;
    private final SshRules ssh;
    private final CycleStore cycles;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public OwnedBoxes(ControlEc2 ec2, MappingCapture capture, PipelineSettings settings, SshRules ssh,
                      CycleStore cycles, Clock clock, StepLog log) {
        this.ec2 = ec2;
        this.capture = capture;
        this.settings = settings;
        this.ssh = ssh;
        this.cycles = cycles;
        this.clock = clock;
        this.log = log;
    }

    /** A box now terminating, and the port-22 ranges that no live box needs any more and were closed. */
    public record Terminated(String instanceId, List<String> closedSsh) {
    }

    public Terminated terminate(Project project) {
        InstanceView box = box(project);
        String name = ProjectDirectory.displayName(project);
        if (ENDING.contains(box.state())) {
            throw new ControlRefusal(Kind.NOT_FOUND, "The box " + box.instanceId() + " of '" + name
                    + "' is already " + box.state() + ": its work is being saved; 'devbox wait " + name
                    + "' follows it.");
        }
        try {
            // Volumes attached since launch are recorded while EC2 still reports them (invariant 4); the
            // shutting-down event does the same, but an event can be lost.
            capture.capture(project, box);
        } catch (RuntimeException e) {
            log.step("capture-mapping").cycle(project.cycle()).with("error", e.getMessage()).warn("failed");
        }
        recordAsked(project);
        ec2.terminate(box.instanceId());
        log.step("terminate").cycle(project.cycle()).with("instance", box.instanceId()).outcome("terminating");
        return new Terminated(box.instanceId(), closeStale(project));
    }

    /**
     * Records the running box's device mapping now, while EC2 reports it (invariant 4): the launch
     * asks once its box runs, as the pipeline does on the running event, whichever comes first.
     *
     * @return true if this call recorded it (false: already recorded, or EC2 does not report it yet)
     */
    public boolean captureMapping(Project project) {
        return capture.capture(project, box(project));
    }

    /** The project's current box, refused unless its tags name this stack, cycle and owner. */
    public InstanceView box(Project project) {
        String name = ProjectDirectory.displayName(project);
        if (project.state() != ProjectState.RUNNING || project.instanceId() == null) {
            throw new ControlRefusal(Kind.NOT_FOUND, "Project '" + name + "' has no running box (it is "
                    + project.state() + "): start one with 'devbox launch " + name + "'.");
        }
        return verified(project, project.instanceId());
    }

    /**
     * The box {@code instanceId}, refused unless its tags (set as RunInstances created it, which
     * developers cannot change afterwards) name this stack, the project's current cycle and owner.
     */
    public InstanceView verified(Project project, String instanceId) {
        String name = ProjectDirectory.displayName(project);
        InstanceView box = ec2.instances(List.of(instanceId)).stream().findFirst()
                .orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND, "The box " + instanceId + " of '"
                        + name + "' no longer exists in EC2."));
        if (!isCycleBox(project, box.tags(), settings.stack())) {
            throw new ControlRefusal(Kind.CONFLICT, "Instance " + box.instanceId() + " does not carry devbox's tags"
                    + " for '" + name + "' generation " + project.generation() + " and its owner: not acting on it.");
        }
        return box;
    }

    /**
     * Before the terminate, so the pipeline finds it whenever its event comes: EC2 reports the same
     * reason for this call and for the console's. Only the login message depends on it: not a failed terminate.
     */
    private void recordAsked(Project project) {
        try {
            cycles.recordTerminateAsked(project.cycle(), clock.instant());
        } catch (RuntimeException e) {
            log.step("record-terminate-asked").cycle(project.cycle()).with("error", e.getMessage()).warn("failed");
        }
    }

    /** Housekeeping: a terminate that worked is not failed for it. */
    private List<String> closeStale(Project project) {
        try {
            return ssh.removeStale(null);
        } catch (RuntimeException e) {
            log.step("close-ssh").cycle(project.cycle()).with("error", e.getMessage()).warn("failed");
            return List.of();
        }
    }

    /**
     * True if a box's tags (set as RunInstances created it, which developers cannot change
     * afterwards) name this stack, the project's current cycle and its owner. A project recorded
     * before owners has no owner to compare.
     */
    public static boolean isCycleBox(Project project, Map<String, String> tags, String stack) {
        if (!Ownership.ownedByCycle(tags, stack, project.cycle())) {
            return false;
        }
        if (project.owner() == null) {
            return true;
        }
        String owner = project.owner();
        String expected = owner.length() <= MAX_TAG_VALUE ? owner : owner.substring(0, MAX_TAG_VALUE);
        return expected.equals(tags.get(ResourceNames.TAG_OWNER));
    }
}
