package dev.devbox.port;

import dev.devbox.domain.Architecture;
import dev.devbox.domain.CycleRef;
import dev.devbox.port.Ec2Gateway.InstanceView;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The EC2 calls a launch makes in the control plane: the image it starts from, the developer's
 * key pair, RunInstances, and finding the cycle's box after an error. EC2's refusals come back as
 * {@link Ec2RefusedException}, with EC2's own code.
 */
public interface LaunchEc2 {

    /** An image by id (any owner the control plane may see), if it exists. */
    Optional<LaunchImage> image(String imageId);

    /** True if the image exists and this account owns it. */
    boolean ownImage(String imageId);

    /**
     * The architectures an instance type runs ({@code x86_64}, {@code arm64}, ...), as EC2 names
     * them; empty when EC2 offers no such type in this region.
     */
    Set<String> architectures(String instanceType);

    boolean keyPairExists(String name);

    /** The public key a key pair holds (OpenSSH form), if a key pair of that name exists. */
    Optional<String> keyPairPublicKey(String name);

    /** Imports a public key under {@code name}; a key pair already there under that name is kept. */
    void importKeyPair(String name, String publicKey, Map<String, String> tags);

    /** Starts one box. @return its instance id */
    String run(BoxSpec box);

    /** Boxes tagged for the cycle, in any state, earliest launched first. */
    List<InstanceView> cycleBoxes(String stack, CycleRef cycle);

    /**
     * An AMI as a launch needs it: who owns it, its tags, the volumes a box from it gets and its
     * architecture as EC2 names it ({@code x86_64}, {@code arm64}; null when EC2 does not say).
     */
    record LaunchImage(String imageId, String ownerId, String rootDevice, List<ImageDisk> disks,
                       Map<String, String> tags, String architecture) {
        public LaunchImage {
            disks = List.copyOf(disks);
            tags = Map.copyOf(tags);
        }

        public LaunchImage(String imageId, String ownerId, String rootDevice, List<ImageDisk> disks,
                           Map<String, String> tags) {
            this(imageId, ownerId, rootDevice, disks, tags, Architecture.X86_64);
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
