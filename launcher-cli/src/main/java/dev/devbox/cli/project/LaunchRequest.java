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
 * @param image a new project's own base AMI instead of Ubuntu 24.04, or null
 * @param sshUser the user the image lets in over ssh, or null (the image's devbox:ssh-user tag, else ubuntu)
 * @param privateBox no public IPv4 address: reached through the stack's EC2 Instance Connect Endpoint
 *                   (false: the stack's PrivateBoxes default)
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
        String image,
        String sshUser,
        boolean privateBox,
        Path userDataFile,
        String dotfiles) {

    /** A launch from the project's own image or Ubuntu's, as its project's user, with the stack's default access. */
    public LaunchRequest(ProjectName project, String instanceType, Integer volumeSizeGiB, String key, String sshCidr,
                         boolean waitForSsh, Duration timeout, Path home, int idleMinutes, boolean spot,
                         boolean spotFallback, Long fromGeneration, Integer initRateMiBs) {
        this(project, instanceType, volumeSizeGiB, key, sshCidr, waitForSsh, timeout, home, idleMinutes, spot,
                spotFallback, fromGeneration, initRateMiBs, null, null, false);
    }

    /** As above, with a base image, its user and the access asked for; no first-boot setup. */
    public LaunchRequest(ProjectName project, String instanceType, Integer volumeSizeGiB, String key, String sshCidr,
                         boolean waitForSsh, Duration timeout, Path home, int idleMinutes, boolean spot,
                         boolean spotFallback, Long fromGeneration, Integer initRateMiBs, String image,
                         String sshUser, boolean privateBox) {
        this(project, instanceType, volumeSizeGiB, key, sshCidr, waitForSsh, timeout, home, idleMinutes, spot,
                spotFallback, fromGeneration, initRateMiBs, image, sshUser, privateBox, null, null);
    }

    /** The defaults for everything `devbox launch` added after the first version. */
    public LaunchRequest(ProjectName project, String instanceType, Integer volumeSizeGiB, String key, String sshCidr,
                         boolean waitForSsh, Duration timeout, Path home) {
        this(project, instanceType, volumeSizeGiB, key, sshCidr, waitForSsh, timeout, home,
                BoxUserData.DEFAULT_IDLE_MINUTES, false, false, null, null);
    }
}
