package dev.devbox.cli.project;

/**
 * A started box: where it is and how to reach it.
 *
 * @param imageGeneration the generation of the project AMI it started from (null for Ubuntu)
 * @param market {@code spot} or {@code on-demand}
 * @param spotFallback true when Spot had no capacity and the box started on demand instead
 * @param idleMinutes its idle limit (0: off)
 * @param initRateMiBs the provisioned volume-initialization rate, or null
 * @param architecture the image's, as EC2 names it (x86_64, arm64)
 * @param sshUser the user ssh logs in as
 * @param privateBox no public IPv4 address: reached through the stack's EC2 Instance Connect Endpoint
 */
public record LaunchResult(
        String project,
        long generation,
        String instanceId,
        String imageId,
        String imageSource,
        Long imageGeneration,
        String instanceType,
        String address,
        String keyName,
        String sshCommand,
        boolean sshChecked,
        String market,
        boolean spotFallback,
        int idleMinutes,
        Integer initRateMiBs,
        String architecture,
        String sshUser,
        boolean privateBox) {
}
