package dev.devbox.cli.project;

import dev.devbox.domain.ProjectName;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What `devbox launch` was asked for. Null fields mean "the default": the launch template's
 * instance type, the image's root size (at least 20 GiB for a new project), the user's own key.
 */
public record LaunchRequest(
        ProjectName project,
        String instanceType,
        Integer volumeSizeGiB,
        String key,
        String sshCidr,
        boolean waitForSsh,
        Duration timeout,
        Path home) {
}
