package dev.devbox.control.read;

import dev.devbox.control.ProjectDirectory;
import dev.devbox.domain.Failure;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;

import java.time.Instant;

/**
 * A project record as the control plane shows it to whoever may see it: the fields the CLI
 * renders, never the internals the pipeline keeps (mapping, attempts). JSON on the wire.
 * {@code project} is the name its owner knows it by; {@code key} the record's key, which its
 * resources' tags and AMI names carry (the same, unless another owner had the name first);
 * {@code sshUser} the user its boxes let in over ssh (null: ubuntu, {@link Project#loginUser()}).
 */
public record ProjectView(String project, String key, String state, long generation, String stateSince, String owner,
                          String instanceId, String imageId, Long imageGeneration, String pendingImageId,
                          int pendingSnapshots, String failureStage, String failureReason,
                          String sshUser) {

    public static ProjectView of(Project p) {
        return new ProjectView(ProjectDirectory.displayName(p), p.name().value(), p.state().name(), p.generation(),
                p.stateSince().toString(),
                p.owner(), p.instanceId(), p.imageId(), p.imageGeneration(), p.pendingImageId(),
                p.pendingSnapshots(), p.failed().map(f -> f.stage().name()).orElse(null),
                p.failed().map(Failure::reason).orElse(null), p.sshUser());
    }

    /** The record again, for the CLI's rendering (the pipeline's internals left empty). */
    public Project toProject() {
        Failure failure = failureStage == null ? null
                : new Failure(ProjectState.valueOf(failureStage), failureReason == null ? "" : failureReason);
        return new Project(ProjectName.of(project), ProjectState.valueOf(state), generation, Instant.parse(stateSince),
                owner, instanceId, imageId, imageGeneration, pendingImageId, pendingSnapshots, 0, null, 0, false,
                failure, sshUser);
    }
}
