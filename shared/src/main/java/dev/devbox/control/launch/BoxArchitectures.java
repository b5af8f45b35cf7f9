package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.control.ControlSettings;
import dev.devbox.control.ProjectDirectory;
import dev.devbox.domain.Architecture;
import dev.devbox.domain.Project;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.port.LaunchEc2;

import javax.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * Which architecture a box is (x86_64 or Graviton's arm64), from its instance type as EC2
 * describes it, and whether the image a launch chose boots on it: a mismatch is refused before
 * anything changes, naming a type that would fit, rather than failing at RunInstances.
 */
public final class BoxArchitectures {
    private final LaunchEc2 ec2;
    private final ControlSettings control;
    private final AdminPolicy policy;

    @Inject
    public BoxArchitectures(LaunchEc2 ec2, ControlSettings control, AdminPolicy policy) {
        this.ec2 = ec2;
        this.control = control;
        this.policy = policy;
    }

    /** The type the box will be: the one asked for, else the launch template's (null when the stack does not say). */
    String type(LaunchAsk ask) {
        return ask.instanceType() != null ? ask.instanceType() : control.defaultInstanceType();
    }

    /** The image architecture a new box of {@code type} needs (x86_64 when the type is not known). */
    String forNewBox(String type) {
        return type == null ? Architecture.X86_64 : Architecture.forType(architectures(type));
    }

    /**
     * Refuses {@code image} when {@code type} cannot boot it.
     *
     * @param asked false when {@code type} is the stack's default, not the developer's choice
     */
    void check(String type, boolean asked, LaunchImages.Chosen image, Project project) {
        String wanted = image.image().architecture();
        if (type == null || wanted == null) {
            return;
        }
        Set<String> runs = architectures(type);
        if (runs.contains(wanted)) {
            return;
        }
        String what = image.fromProject() ? "project '" + ProjectDirectory.displayName(project) + "' resumes from "
                + Architecture.describe(wanted) + " AMI " + image.image().imageId()
                : "the image " + image.image().imageId() + " is " + Architecture.describe(wanted);
        String named = asked ? type : "The stack's default instance type " + type;
        throw new ControlRefusal(Kind.BAD_REQUEST, named + " is " + article(runs) + " instance type, but " + what
                + ": nothing was started. " + fitting(type, wanted));
    }

    private Set<String> architectures(String type) {
        Set<String> runs = ec2.architectures(type);
        if (runs.isEmpty()) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "EC2 offers no instance type '" + type + "' in this region:"
                    + " check the name ('aws ec2 describe-instance-types --instance-types " + type + "').");
        }
        return runs;
    }

    private static String article(Set<String> runs) {
        String arch = Architecture.forType(runs);
        return (arch.equals(Architecture.ARM64) ? "a " : "an ") + Architecture.describe(arch);
    }

    /** The sentence that says which types would fit: the same-size sibling if the rules allow it. */
    private String fitting(String type, String wanted) {
        List<String> siblings = Architecture.siblings(type, wanted).stream().filter(policy::allowsInstanceType)
                .toList();
        String kind = Architecture.describe(wanted);
        if (!siblings.isEmpty()) {
            return "Pick " + (wanted.equals(Architecture.ARM64) ? "a " : "an ") + kind + " type, like --instance-type "
                    + String.join(" or ", siblings) + ".";
        }
        return "Pick " + (wanted.equals(Architecture.ARM64) ? "a " : "an ") + kind + " type the stack allows ("
                + String.join(", ", policy.allowedInstanceTypes()) + ").";
    }
}
