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

    /** One AMI name per project and generation: a retried registration collides and adopts instead of duplicating. */
    public static String imageName(String stack, CycleRef cycle) {
        return "devbox-" + stack + "-" + cycle.project() + "-g" + cycle.generation();
    }
}
