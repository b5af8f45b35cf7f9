package dev.devbox.port;

import dev.devbox.domain.DevboxException;

/** RegisterImage refused the name (InvalidAMIName.Duplicate): an earlier try registered it. */
public final class ImageNameTakenException extends DevboxException {
    public ImageNameTakenException(String name, Throwable cause) {
        super("an AMI named " + name + " already exists", cause);
    }
}
