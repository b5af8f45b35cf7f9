package dev.devbox.domain;

import java.util.regex.Pattern;

/**
 * A project's name, or its record key ({@link OwnerNamespace}: the name and its owner's suffix).
 * It appears in AMI names, tags and DynamoDB keys, so it is kept to a safe alphabet.
 */
public record ProjectName(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{0,39}(--[0-9a-f]{12})?");

    public ProjectName {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidProjectNameException(value);
        }
    }

    public static ProjectName of(String value) {
        return new ProjectName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
