package dev.devbox.control.read;

import java.util.List;

/**
 * One saved generation of a project: its AMI, when it was saved, its disks as the AMI maps them
 * (sizes for the storage estimate), and whether it is the one the next launch starts from.
 *
 * @param recordedAt  when READY recorded it, or the AMI's creation time where the table is not read
 * @param sizeGiB     the sum of its disks, null when EC2 no longer reports the AMI
 * @param snapshotIds the snapshots the table recorded for it (empty where the table is not read)
 */
public record GenerationView(long generation, String imageId, String recordedAt, Long sizeGiB, boolean current,
                             List<String> snapshotIds, List<Disk> disks) {

    public GenerationView {
        snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
        disks = disks == null ? List.of() : List.copyOf(disks);
    }

    public record Disk(String device, String snapshotId, String type, int sizeGiB) {
    }
}
