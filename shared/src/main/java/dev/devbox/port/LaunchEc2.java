package dev.devbox.port;

import dev.devbox.domain.CycleRef;
import dev.devbox.port.Ec2Gateway.InstanceView;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EC2 calls a launch makes in the control plane: the image it starts from, the developer's
 * key pair, RunInstances, and finding the cycle's box after an error. EC2's refusals come back as
 * {@link Ec2RefusedException}, with EC2's own code.
 */
public interface LaunchEc2 {

    /** An image by id (any owner the control plane may see), if it exists. */
    Optional<LaunchImage> image(String imageId);

    boolean keyPairExists(String name);

    /** The public key a key pair holds (OpenSSH form), if a key pair of that name exists. */
    Optional<String> keyPairPublicKey(String name);

    /** Imports a public key under {@code name}; a key pair already there under that name is kept. */
    void importKeyPair(String name, String publicKey, Map<String, String> tags);

    /** Starts one box. @return its instance id */
    String run(BoxSpec box);

    /** Boxes tagged for the cycle, in any state, earliest launched first. */
    List<InstanceView> cycleBoxes(String stack, CycleRef cycle);

    /** An AMI as a launch needs it: who owns it, its tags and the volumes a box from it gets. */
    record LaunchImage(String imageId, String ownerId, String rootDevice, List<ImageDisk> disks,
                       Map<String, String> tags) {
        public LaunchImage {
            disks = List.copyOf(disks);
            tags = Map.copyOf(tags);
        }

        public LaunchImage(String imageId, String ownerId, String rootDevice, List<ImageDisk> disks) {
            this(imageId, ownerId, rootDevice, disks, Map.of());
        }

        /** The root volume's size in GiB (8, EC2's smallest usual root, when the image does not say). */
        public int rootSizeGiB() {
            return disks.stream().filter(d -> d.device().equals(rootDevice) && d.sizeGiB() != null)
                    .map(ImageDisk::sizeGiB).findFirst().orElse(8);
        }
    }

    /** One EBS volume of an image: its device, the snapshot it is made from (null: empty), its size. */
    record ImageDisk(String device, String snapshotId, Integer sizeGiB) {
    }

    /**
     * One RunInstances, every field decided by the control plane: the stack's launch template,
     * subnet and group, IMDSv2, terminate on shutdown, volumes kept on termination and encrypted.
     * {@code privateBox}: no public IPv4 address, whatever the subnet's default.
     */
    record BoxSpec(String launchTemplateId, String imageId, String instanceType, String keyName, String subnetId,
                   String securityGroupId, String clientToken, List<BoxDisk> disks, String userData,
                   Map<String, String> instanceTags, Map<String, String> volumeTags, boolean spot,
                   boolean privateBox) {
        public BoxSpec {
            disks = List.copyOf(disks);
            instanceTags = Map.copyOf(instanceTags);
            volumeTags = Map.copyOf(volumeTags);
        }
    }

    /**
     * One volume of the box: size null keeps the image's; {@code gp3} for volumes of a base image;
     * {@code initRateMiBs} a provisioned initialization rate; {@code kmsKeyId} null for the account's key.
     */
    record BoxDisk(String device, String snapshotId, Integer sizeGiB, boolean gp3, Integer initRateMiBs,
                   String kmsKeyId) {
    }
}
