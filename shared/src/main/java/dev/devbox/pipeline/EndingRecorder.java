package dev.devbox.pipeline;

import dev.devbox.domain.Project;
import dev.devbox.port.CycleStore;
import dev.devbox.port.Ec2Gateway;
import dev.devbox.port.Ec2Gateway.InstanceEnd;

import javax.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Records on the project how its cycle's box ended (EC2's StateReason: from inside the OS, through
 * the API, Spot), for the next box's login message. A nicety next to saving the work: a failure is
 * logged and passed over, never in the way of the snapshots.
 */
public final class EndingRecorder {
    private final CycleStore cycles;
    private final Ec2Gateway ec2;
    private final Clock clock;
    private final StepLog log;

    @Inject
    public EndingRecorder(CycleStore cycles, Ec2Gateway ec2, Clock clock, StepLog log) {
        this.cycles = cycles;
        this.ec2 = ec2;
        this.clock = clock;
        this.log = log;
    }

    /** {@code project}'s box (of its current cycle) is terminated. */
    public void boxEnded(Project project) {
        StepLog.Step step = log.step("record-ending").cycle(project.cycle()).with("instance", project.instanceId());
        try {
            Optional<InstanceEnd> end = project.instanceId() == null ? Optional.empty()
                    : ec2.instanceEnd(project.instanceId());
            String code = end.map(InstanceEnd::stateReasonCode).orElse(null);
            Instant at = end.map(InstanceEnd::at).orElseGet(clock::instant);
            boolean recorded = cycles.recordEnded(project.cycle(), code, at);
            step.with("reason", code).outcome(recorded ? "recorded" : "already-recorded");
        } catch (RuntimeException e) {
            step.with("error", e.getMessage()).warn("failed");
        }
    }
}
