package dev.devbox.testing;

import dev.devbox.emulator.LocalAws;

/** Everything a command could change, as text: equal before and after means the command changed nothing. */
public final class WorldFingerprint {
    private WorldFingerprint() {
    }

    /** Instances with their states, images, snapshots, volumes with their states, key pairs, SSH rules, table items. */
    public static String of(LocalAws aws, String table) {
        var ec2 = aws.ec2();
        StringBuilder sb = new StringBuilder();
        ec2.describeInstances().reservations().forEach(r -> r.instances().forEach(i ->
                sb.append(i.instanceId()).append(':').append(i.state().nameAsString()).append('\n')));
        ec2.describeImages(r -> r.owners("self")).images().forEach(i -> sb.append(i.imageId()).append('\n'));
        ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots().forEach(s -> sb.append(s.snapshotId()).append('\n'));
        ec2.describeVolumes().volumes().forEach(v -> sb.append(v.volumeId()).append(':').append(v.stateAsString()).append('\n'));
        ec2.describeKeyPairs().keyPairs().forEach(k -> sb.append(k.keyName()).append('\n'));
        ec2.describeSecurityGroups().securityGroups().forEach(g -> sb.append(g.groupId()).append(g.ipPermissions()).append('\n'));
        aws.dynamo().scan(r -> r.tableName(table)).items().forEach(item -> sb.append(item).append('\n'));
        return sb.toString();
    }
}
