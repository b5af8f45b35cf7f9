package dev.devbox.event;

/**
 * The resource id at the end of an ARN, in any partition
 * ({@code arn:aws:...}, {@code arn:aws-cn:...}, {@code arn:aws-us-gov:...}).
 * EBS snapshot events carry ARNs where other events carry plain ids.
 */
public final class Arn {
    private Arn() {
    }

    /**
     * @param value an ARN such as {@code arn:aws:ec2:us-east-1::snapshot/snap-1}, or a plain id
     * @return the id after the resource type, e.g. {@code snap-1}
     * @throws MalformedEventException if it is neither
     */
    public static String resourceId(String value) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("empty resource reference");
        }
        if (!value.startsWith("arn:")) {
            return value;
        }
        String[] parts = value.split(":", 6);
        if (parts.length < 6 || parts[1].isEmpty() || parts[2].isEmpty() || parts[5].isEmpty()) {
            throw new MalformedEventException("not an ARN: " + value);
        }
        String resource = parts[5];
        int slash = resource.indexOf('/');
        String id = slash >= 0 ? resource.substring(slash + 1) : resource;
        if (id.isEmpty()) {
            throw new MalformedEventException("ARN without resource id: " + value);
        }
        return id;
    }
}
