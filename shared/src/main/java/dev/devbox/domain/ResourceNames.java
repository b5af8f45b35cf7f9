package dev.devbox.domain;

/** Names and tag keys devbox gives its EC2 resources; deterministic so a retry finds what an earlier try made. */
public final class ResourceNames {
    public static final String TAG_STACK = "devbox:stack";
    public static final String TAG_PROJECT = "devbox:project";
    public static final String TAG_GENERATION = "devbox:generation";
    public static final String TAG_DEVICE = "devbox:device";
    public static final String TAG_OWNER = "devbox:owner";

    private ResourceNames() {
    }

    /** EC2's limit on an AMI name. */
    static final int MAX_IMAGE_NAME = 128;

    /** One AMI name per project and generation: a retried registration collides and adopts instead of duplicating. */
    public static String imageName(String stack, CycleRef cycle) {
        return imageName(stack, "", cycle);
    }

    /**
     * As {@link #imageName(String, CycleRef)}, with the stack deployment's id in the name (a short
     * suffix of its CloudFormation stack id), so that a stack deleted and deployed again under the same
     * name never collides with, or adopts, an AMI the earlier deployment left behind.
     */
    public static String imageName(String stack, String deployment, CycleRef cycle) {
        String tail = (deployment.isEmpty() ? "" : "-" + deployment) + "-" + cycle.project() + "-g" + cycle.generation();
        String name = "devbox-" + stack + tail;
        if (name.length() <= MAX_IMAGE_NAME) {
            return name;
        }
        // A very long stack name: keep its start and a digest of all of it, so names stay distinct
        // ("_" because EC2 allows only letters, digits, ()[] ./-'@_ and spaces in AMI names).
        String digest = Integer.toHexString(stack.hashCode() & 0x7fffffff);
        int keep = MAX_IMAGE_NAME - "devbox-".length() - tail.length() - digest.length() - 1;
        return "devbox-" + stack.substring(0, Math.max(0, keep)) + "_" + digest + tail;
    }
}
