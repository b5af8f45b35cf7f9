package dev.devbox.port;

import dev.devbox.domain.DevboxException;

/** DeleteSnapshot refused (InvalidSnapshot.InUse): a registered AMI still uses the snapshot. */
public final class SnapshotInUseException extends DevboxException {
    public SnapshotInUseException(String snapshotId, Throwable cause) {
        super("snapshot " + snapshotId + " is used by a registered AMI", cause);
    }
}
