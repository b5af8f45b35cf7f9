package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.control.ProjectDirectory;
import dev.devbox.control.ControlSettings;
import dev.devbox.domain.Architecture;
import dev.devbox.domain.Ownership;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.policy.AdminPolicy;
import dev.devbox.domain.Project;
import dev.devbox.domain.RetainedImage;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.port.BaseImageSource;
import dev.devbox.port.CycleStore;
import dev.devbox.port.LaunchEc2;
import dev.devbox.port.LaunchEc2.LaunchImage;

import javax.inject.Inject;
import java.util.List;

/**
 * Which image a launch starts from: the project's newest AMI or a retained one ({@code --from}),
 * as the project's own records name them (which only the pipeline and the control plane write),
 * or, for a new project, the public Ubuntu 24.04 parameter of the box's architecture or the AMI
 * {@code --image} names, if this account, Canonical or an owner the admin lists owns it.
 */
public final class LaunchImages {
    /** The image a box starts from; {@code generation} is the project AMI's, null for the base image. */
    public record Chosen(LaunchImage image, String source, Long generation) {
        boolean fromProject() {
            return source.equals("project");
        }
    }

    private final LaunchEc2 ec2;
    private final CycleStore cycles;
    private final BaseImageSource base;
    private final ControlSettings settings;
    private final AdminPolicy policy;

    private final String stack;

    @Inject
    public LaunchImages(LaunchEc2 ec2, CycleStore cycles, BaseImageSource base, ControlSettings settings,
                        PipelineSettings pipeline, AdminPolicy policy) {
        this.ec2 = ec2;
        this.cycles = cycles;
        this.base = base;
        this.settings = settings;
        this.policy = policy;
        this.stack = pipeline.stack();
    }

    /** The image tag that names the user an image lets in over ssh. */
    public static final String TAG_SSH_USER = "devbox:ssh-user";

    /**
     * A project AMI is launched only if it carries this stack's and project's tags (which the
     * pipeline sets as it registers it): the record alone is not trusted, as a record naming
     * another project's AMI would boot that project's saved disk.
     */
    private LaunchImage owned(Project project, LaunchImage image) {
        if (!Ownership.ownedByProject(image.tags(), stack, project.name())) {
            throw new ControlRefusal(Kind.CONFLICT, "The AMI " + image.imageId() + " that the record of '"
                    + named(project) + "' names does not carry devbox's tags for it: not launching from it ('devbox"
                    + " history " + named(project) + "' lists the project's own).");
        }
        return image;
    }

    /** A retained project AMI, or a refusal listing the generations that are retained. */
    Chosen retained(Project project, long generation) {
        if (project.cleanupPending()) {
            // Retention may be about to retire old AMIs: launching from one now could race it.
            throw new ControlRefusal(Kind.CONFLICT, "Project '" + named(project) + "' is still cleaning up after"
                    + " its last save: try --from again in a minute ('devbox status " + named(project)
                    + "' shows it).");
        }
        List<RetainedImage> retained = cycles.retainedImages(project.name());
        RetainedImage chosen = retained.stream().filter(r -> r.generation() == generation).findFirst()
                .orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND, "Generation " + generation + " of '"
                        + named(project) + "' is not retained: " + (retained.isEmpty()
                        ? "it has no saved generation yet." : "the retained ones are " + String.join(", ",
                        retained.stream().map(r -> Long.toString(r.generation())).toList())
                        + " ('devbox history " + named(project) + "').")));
        LaunchImage image = ec2.image(chosen.imageId()).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND,
                "The AMI " + chosen.imageId() + " of generation " + generation + " of '" + named(project)
                        + "' no longer exists in EC2: 'devbox history " + named(project) + "' lists the others."));
        return new Chosen(owned(project, image), "project", generation);
    }

    /**
     * The AMI {@code --image} names, for a project with no saved generation: refused unless this
     * account, Canonical (of this partition) or an owner in AllowedImageOwners owns it, and never
     * a devbox project AMI (that would boot another project's saved disk).
     */
    Chosen asked(Project project, String imageId) {
        if (project != null && project.imageId() != null) {
            throw new ControlRefusal(Kind.CONFLICT, "Project '" + named(project) + "' has saved generations and"
                    + " resumes from its own AMI: --image is only for a new project. Launch it without --image, or"
                    + " give the new image a new project name ('devbox delete " + named(project) + "' first to"
                    + " reuse the name).");
        }
        LaunchImage image = ec2.image(imageId).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND, "No AMI "
                + imageId + " in this region that the control plane can see: check the id and the region"
                + " ('aws ec2 describe-images --image-ids " + imageId + "')."));
        if (image.tags().containsKey(ResourceNames.TAG_STACK) || image.tags().containsKey(ResourceNames.TAG_PROJECT)) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "AMI " + imageId + " is a devbox project AMI: a project"
                    + " resumes only from its own ('devbox launch' that project, or --from GENERATION), never as"
                    + " another's base image.");
        }
        String owner = image.ownerId();
        boolean allowed = settings.canonicalOwner().equals(owner) || policy.allowedImageOwners().contains(owner)
                || ec2.ownImage(imageId);
        if (!allowed) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "AMI " + imageId + " belongs to account " + owner + ", which"
                    + " this stack does not take images from: --image takes AMIs of this account, Canonical's ("
                    + settings.canonicalOwner() + ")" + (policy.allowedImageOwners().isEmpty() ? "" : " or "
                    + String.join(", ", policy.allowedImageOwners())) + ". Ask the stack's admin to add " + owner
                    + " to the AllowedImageOwners parameter.");
        }
        return new Chosen(image, "image", null);
    }

    /**
     * The user ssh logs in as: a saved project's recorded one (which {@code asked} may only
     * repeat), else {@code asked}, else the image's devbox:ssh-user tag, else ubuntu.
     */
    static String sshUser(Project project, Chosen image, String asked) {
        if (image.fromProject()) {
            String recorded = project.loginUser();
            if (asked != null && !asked.equals(recorded)) {
                throw new ControlRefusal(Kind.CONFLICT, "Project '" + named(project) + "' logs in as '" + recorded
                        + "', which its saved AMI keeps: --ssh-user " + asked + " is only for a new project. Launch"
                        + " it without --ssh-user.");
            }
            return recorded;
        }
        if (asked != null) {
            return asked;
        }
        String tagged = image.image().tags().get(TAG_SSH_USER);
        if (tagged != null) {
            LaunchChecks.checkSshUser(tagged, "The image's " + TAG_SSH_USER + " tag");
            return tagged;
        }
        return Project.DEFAULT_SSH_USER;
    }

    /** The project's newest AMI, or the base image of {@code architecture} for a project that has none yet. */
    Chosen newest(Project project, String architecture) {
        if (project != null && project.imageId() != null) {
            LaunchImage image = ec2.image(project.imageId()).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND,
                    "The project AMI " + project.imageId() + " of '" + named(project) + "' no longer exists in EC2:"
                            + " 'devbox history " + named(project) + "' lists the retained AMIs; 'devbox launch "
                            + named(project) + " --from GENERATION' starts from one."));
            return new Chosen(owned(project, image), "project", project.imageGeneration());
        }
        String parameter = settings.imageParameter(architecture);
        String id = base.imageId(parameter).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND,
                "The base image parameter " + parameter + " does not exist in this region: the stack needs a"
                        + " region where Canonical publishes Ubuntu 24.04 for " + Architecture.ubuntuName(architecture)
                        + "."));
        LaunchImage image = ec2.image(id).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND,
                "Base AMI " + id + " (from " + parameter + ") is not visible in this region."));
        return new Chosen(image, Architecture.ARM64.equals(architecture) ? "ubuntu-24.04-arm64" : "ubuntu-24.04",
                null);
    }

    /** The project as its owner knows it (its key carries an owner suffix). */
    private static String named(Project project) {
        return ProjectDirectory.displayName(project);
    }
}
