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
import dev.devbox.port.Ec2Gateway.InstanceView;

import javax.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * `devbox terminate` on the control plane: ends the box of a project's open cycle, and only a box
 * whose tags say it is that cycle's and that owner's. The record alone is not trusted: a box is
 * named by its instance id, and a record pointing at someone else's box must not end it.
 */
public final class BoxTerminator {
    /** EC2's tag values are at most 256 characters; the launch truncates the owner to fit. */
    static final int MAX_TAG_VALUE = 256;
    private static final Set<String> ENDING = Set.of("shutting-down", "terminated");

    private final ControlEc2 ec2;
    private final MappingCapture capture;
    private final PipelineSettings settings;
    private final StepLog log;

    @Inject
    public BoxTerminator(ControlEc2 ec2, MappingCapture capture, PipelineSettings settings, StepLog log) {
        this.ec2 = ec2;
        this.capture = capture;
        this.settings = settings;
        this.log = log;
    }

    /** @return the id of the box that is now terminating */
    public String terminate(Project project) {
        String name = project.name().value();
        if (project.state() != ProjectState.RUNNING || project.instanceId() == null) {
            throw new ControlRefusal(Kind.NOT_FOUND, "Project '" + name + "' has no running box (it is "
                    + project.state() + "): start one with 'devbox launch " + name + "'.");
        }
        InstanceView box = ec2.instances(List.of(project.instanceId())).stream().findFirst()
                .orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND, "The box " + project.instanceId() + " of '"
                        + name + "' no longer exists in EC2."));
        if (ENDING.contains(box.state())) {
            throw new ControlRefusal(Kind.NOT_FOUND, "The box " + box.instanceId() + " of '" + name
                    + "' is already " + box.state() + ": its work is being saved; 'devbox wait " + name
                    + "' follows it.");
        }
        if (!Ownership.ownedByCycle(box.tags(), settings.stack(), project.cycle()) || !ownerMatches(project, box)) {
            throw new ControlRefusal(Kind.CONFLICT, "Instance " + box.instanceId() + " does not carry devbox's tags"
                    + " for '" + name + "' generation " + project.generation() + " and its owner: not terminating it.");
        }
        try {
            // Volumes attached since launch are recorded while EC2 still reports them (invariant 4); the
            // shutting-down event does the same, but an event can be lost.
            capture.capture(project, box);
        } catch (RuntimeException e) {
            log.step("capture-mapping").cycle(project.cycle()).with("error", e.getMessage()).warn("failed");
        }
        ec2.terminate(box.instanceId());
        log.step("terminate").cycle(project.cycle()).with("instance", box.instanceId()).outcome("terminating");
        return box.instanceId();
    }

    /** A project recorded before owners has none to compare; otherwise the box must carry its owner's tag. */
    private static boolean ownerMatches(Project project, InstanceView box) {
        if (project.owner() == null) {
            return true;
        }
        String owner = project.owner();
        String expected = owner.length() <= MAX_TAG_VALUE ? owner : owner.substring(0, MAX_TAG_VALUE);
        return expected.equals(box.tags().get(ResourceNames.TAG_OWNER));
    }
}
