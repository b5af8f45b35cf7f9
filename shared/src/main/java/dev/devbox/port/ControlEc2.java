package dev.devbox.port;

import dev.devbox.domain.ProjectName;
import dev.devbox.port.Ec2Gateway.ImageView;
import dev.devbox.port.Ec2Gateway.InstanceView;
import dev.devbox.port.Ec2Gateway.SnapshotView;
import dev.devbox.port.Ec2Gateway.VolumeView;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EC2 calls the control plane makes for developers: ending a box, finding and removing a
 * deleted project's resources, and the port-22 rules of the boxes' security group. Apart from the pipeline's port so that the pipeline's invariant
 * checker, which forbids deleting a project's saved work, never has to allow it. Deletes of
 * resources already gone succeed; callers check ownership tags before any delete.
 */
public interface ControlEc2 {

    /** Instances by id; ids EC2 does not know are left out. */
    List<InstanceView> instances(Collection<String> instanceIds);

    void terminate(String instanceId);

    /** This account's AMIs tagged for the project in the stack. */
    List<ImageView> projectImages(String stack, ProjectName project);

    /** One of this account's AMIs, if it still exists. */
    Optional<ImageView> image(String imageId);

    /** This account's snapshots tagged for the project in the stack. */
    List<SnapshotView> projectSnapshots(String stack, ProjectName project);

    List<SnapshotView> snapshots(Collection<String> snapshotIds);

    /** Volumes tagged for the project in the stack, in any state. */
    List<VolumeView> projectVolumes(String stack, ProjectName project);

    void deregisterImage(String imageId);

    void deleteSnapshot(String snapshotId);

    void deleteVolume(String volumeId);

    /** The group's port-22 rules, IPv4 and IPv6, one per range. */
    List<SshRule> sshRules(String groupId);

    /** Opens port 22 to {@code cidr}; a rule that exists already is kept as it is. */
    void authorizeSsh(String groupId, String cidr, String description);

    /** Closes port 22 to {@code cidr}; a rule already gone is fine. */
    void revokeSsh(String groupId, String cidr);

    /** The box's console output as text (the newest EC2 has), or empty while it has none. */
    Optional<String> consoleOutput(String instanceId);

    /** The tags of the stack's boxes that are pending, running, stopping or stopped. */
    List<Map<String, String>> liveBoxTags(String stack);

    /** One range of a port-22 rule. */
    record SshRule(String cidr, String description) {
    }
}
