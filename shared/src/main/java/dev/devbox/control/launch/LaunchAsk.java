package dev.devbox.control.launch;

/**
 * What a developer asks of a launch (the {@code launch} field of a control request). Null means
 * the default: the launch template's instance type, the image's root size (at least 20 GiB for a
 * new project), the project's newest image, on demand, no provisioned initialization rate. The
 * subnets, security group, launch template and tags are never asked for: the control plane decides
 * them; an image only for a new project, from owners the control plane accepts.
 *
 * @param idleMinutes    the box's idle limit, as its user data sets it (tagged for `devbox status`)
 * @param fromGeneration start from this retained project AMI instead of the newest
 * @param keyName        an existing EC2 key pair, or null with {@code publicKey}
 * @param publicKey      an OpenSSH public key to import (under a name derived from it), or null with {@code keyName}
 * @param userData       the box's user data, gzipped and base64-encoded as RunInstances takes it
 * @param image          a new project's own base AMI (this account's, Canonical's or an allowed owner's), or null
 * @param sshUser        the user the image lets in (null: the image's devbox:ssh-user tag, else ubuntu)
 * @param privateBox     true: no public IPv4 address, reached through the stack's EC2 Instance Connect
 *                       Endpoint; false: a public box; null: the stack's PrivateBoxes default
 */
public record LaunchAsk(String instanceType, Integer volumeSizeGiB, Integer idleMinutes, Boolean spot,
                        Boolean spotFallback, Long fromGeneration, Integer initRateMiBs, String keyName,
                        String publicKey, String userData, String image, String sshUser, Boolean privateBox) {

    /** The asks before base images could be named and boxes be private: the stack's defaults. */
    public LaunchAsk(String instanceType, Integer volumeSizeGiB, Integer idleMinutes, Boolean spot,
                     Boolean spotFallback, Long fromGeneration, Integer initRateMiBs, String keyName,
                     String publicKey, String userData) {
        this(instanceType, volumeSizeGiB, idleMinutes, spot, spotFallback, fromGeneration, initRateMiBs, keyName,
                publicKey, userData, null, null, null);
    }

    /** The asks with a base image and its user, before boxes could be private. */
    public LaunchAsk(String instanceType, Integer volumeSizeGiB, Integer idleMinutes, Boolean spot,
                     Boolean spotFallback, Long fromGeneration, Integer initRateMiBs, String keyName,
                     String publicKey, String userData, String image, String sshUser) {
        this(instanceType, volumeSizeGiB, idleMinutes, spot, spotFallback, fromGeneration, initRateMiBs, keyName,
                publicKey, userData, image, sshUser, null);
    }

    boolean wantsSpot() {
        return Boolean.TRUE.equals(spot);
    }

    boolean fallsBack() {
        return Boolean.TRUE.equals(spotFallback);
    }
}
