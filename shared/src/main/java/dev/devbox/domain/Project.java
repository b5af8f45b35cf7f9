package dev.devbox.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A project as stored. Nullable components are absent until the lifecycle sets them:
 * {@code instanceId} from RUNNING, {@code imageId}/{@code imageGeneration} from the first READY,
 * {@code pendingImageId} while IMAGING, {@code machine} once the mapping is captured,
 * {@code failure} while FAILED, {@code sshUser} from the first launch that names one (null: ubuntu).
 */
public record Project(
        ProjectName name,
        ProjectState state,
        long generation,
        Instant stateSince,
        String owner,
        String instanceId,
        String imageId,
        Long imageGeneration,
        String pendingImageId,
        int pendingSnapshots,
        long mappingGeneration,
        MachineProfile machine,
        int attempts,
        boolean cleanupPending,
        Failure failure,
        String sshUser) {
    /** The user Canonical's Ubuntu images let in, for projects that never named another. */
    public static final String DEFAULT_SSH_USER = "ubuntu";

    public Project {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateSince, "stateSince");
    }

    /** A project whose box logs in as the default user. */
    public Project(ProjectName name, ProjectState state, long generation, Instant stateSince, String owner,
                   String instanceId, String imageId, Long imageGeneration, String pendingImageId,
                   int pendingSnapshots, long mappingGeneration, MachineProfile machine, int attempts,
                   boolean cleanupPending, Failure failure) {
        this(name, state, generation, stateSince, owner, instanceId, imageId, imageGeneration, pendingImageId,
                pendingSnapshots, mappingGeneration, machine, attempts, cleanupPending, failure, null);
    }

    /** The user ssh logs in as on the project's boxes. */
    public String loginUser() {
        return sshUser == null ? DEFAULT_SSH_USER : sshUser;
    }

    public CycleRef cycle() {
        return new CycleRef(name, generation);
    }

    /** True once the current cycle's device mapping is recorded. */
    public boolean mappingCaptured() {
        return mappingGeneration == generation && machine != null;
    }

    public Optional<String> instance() {
        return Optional.ofNullable(instanceId);
    }

    public Optional<String> image() {
        return Optional.ofNullable(imageId);
    }

    public Optional<Failure> failed() {
        return Optional.ofNullable(failure);
    }
}
