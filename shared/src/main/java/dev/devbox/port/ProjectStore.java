package dev.devbox.port;

import dev.devbox.domain.ConcurrentUpdateException;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Failure;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectBusyException;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Projects and their lifecycle transitions. Every transition is a conditional
 * write on the expected state and generation; losing one raises
 * {@link ConcurrentUpdateException}. Used by the CLI and the pipeline.
 */
public interface ProjectStore {

    Optional<Project> find(ProjectName name);

    /** All projects, ordered by name (one Query; the CLI's {@code list}). */
    List<Project> list();

    /**
     * (none|READY|FAILED) -> LAUNCHING with generation + 1.
     *
     * {@code owner} is recorded; null keeps the recorded one. A claim never changes a recorded owner.
     *
     * @throws ProjectBusyException if the project has a cycle in flight (also when a concurrent launch won)
     * @throws dev.devbox.domain.policy.ForeignProjectException if the project has another owner
     */
    Project claimLaunch(ProjectName name, String owner, Instant now);

    /**
     * The owner's launch ticket: a number every claim made with {@link #claimLaunch(ProjectName,
     * String, Instant, long)} for that owner moves on by one (0 before their first).
     */
    long launchTicket(String owner);

    /**
     * As {@link #claimLaunch(ProjectName, String, Instant)}, together (one transaction) with moving
     * the owner's launch ticket on from {@code ticket}. Read the ticket before counting the owner's
     * boxes: a claim of theirs that commits in between moves it, and this claim then fails, so a
     * count and the claim it admits are one atomic step.
     *
     * @throws dev.devbox.domain.ConcurrentUpdateException if another claim for the owner moved the ticket
     */
    Project claimLaunch(ProjectName name, String owner, Instant now, long ticket);

    /**
     * As {@link #claimLaunch(ProjectName, String, Instant, long)}, recording the user ssh logs in as
     * on the project's boxes (null keeps the one recorded).
     */
    Project claimLaunch(ProjectName name, String owner, Instant now, long ticket, String sshUser);

    /** LAUNCHING -> RUNNING with the instance id, together with the instance's lookup record. */
    void recordLaunched(CycleRef cycle, String instanceId, Instant now);

    /** {@code expected} -> FAILED with a reason; nothing is deleted. */
    void markFailed(CycleRef cycle, ProjectState expected, Failure failure, Instant now);

    /**
     * Removes the project's records (project, cycles, retained AMIs, lookups); never touches EC2.
     *
     * @throws ProjectBusyException if a cycle is in flight
     */
    void delete(ProjectName name);

    /**
     * Every project with work in flight (any in-flight state, or READY with cleanup pending) whose
     * state was entered before {@code enteredBefore}, oldest first within each state; paginated
     * Queries ({@code pageSize} items a page) on the sparse {@code active} index.
     */
    List<Project> inFlightSince(Instant enteredBefore, int pageSize);

    /** Counts one more reconciler retry of the current stage and returns the new count. */
    int recordAttempt(CycleRef cycle, ProjectState expected, Instant now);
}
