package dev.devbox.cli.project;

import dev.devbox.domain.ProjectName;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What `devbox launch` was asked for. Null fields mean "the default": the launch template's
 * instance type, the image's root size (at least 20 GiB for a new project), the user's own key,
 * the project's newest AMI ({@code fromGeneration}), no provisioned initialization rate.
 *
 * @param idleMinutes idle limit after which the box terminates itself (0: off)
 * @param spot a one-time Spot box instead of on-demand
 * @param spotFallback with {@code spot}: start on demand when Spot has no capacity
 * @param fromGeneration start from this retained project AMI instead of the newest
 * @param initRateMiBs provisioned volume-initialization rate (MiB/s) of volumes restored from snapshots
 * @param userDataFile a shell script or #cloud-config run once, at a new project's first boot
 * @param dotfiles a dotfiles repository's git URL, cloned and installed at a new project's first boot
 */
public record LaunchRequest(
        ProjectName project,
        String instanceType,
        Integer volumeSizeGiB,
        String key,
        String sshCidr,
        boolean waitForSsh,
        Duration timeout,
        Path home,
        int idleMinutes,
        boolean spot,
        boolean spotFallback,
        Long fromGeneration,
        Integer initRateMiBs,
        Path userDataFile,
        String dotfiles) {

    /** The defaults for everything `devbox launch` added after the first version. */
    public LaunchRequest(ProjectName project, String instanceType, Integer volumeSizeGiB, String key, String sshCidr,
                         boolean waitForSsh, Duration timeout, Path home) {
        this(project, instanceType, volumeSizeGiB, key, sshCidr, waitForSsh, timeout, home,
                BoxUserData.DEFAULT_IDLE_MINUTES, false, false, null, null, null, null);
    }
}
