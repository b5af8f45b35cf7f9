package dev.devbox.cli.project;

/** A started box: where it is and how to reach it. */
public record LaunchResult(
        String project,
        long generation,
        String instanceId,
        String imageId,
        String imageSource,
        String instanceType,
        String address,
        String keyName,
        String sshCommand,
        boolean sshChecked) {
}
