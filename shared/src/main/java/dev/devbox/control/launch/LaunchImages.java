package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.control.ProjectDirectory;
import dev.devbox.control.ControlSettings;
import dev.devbox.domain.Ownership;
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
 * or the public Ubuntu 24.04 parameter for a new project. Never an image the request names.
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

    private final String stack;

    @Inject
    public LaunchImages(LaunchEc2 ec2, CycleStore cycles, BaseImageSource base, ControlSettings settings,
                        PipelineSettings pipeline) {
        this.ec2 = ec2;
        this.cycles = cycles;
        this.base = base;
        this.settings = settings;
        this.stack = pipeline.stack();
    }

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

    /** The project's newest AMI, or the base image for a project that has none yet. */
    Chosen newest(Project project) {
        if (project != null && project.imageId() != null) {
            LaunchImage image = ec2.image(project.imageId()).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND,
                    "The project AMI " + project.imageId() + " of '" + named(project) + "' no longer exists in EC2:"
                            + " 'devbox history " + named(project) + "' lists the retained AMIs; 'devbox launch "
                            + named(project) + " --from GENERATION' starts from one."));
            return new Chosen(owned(project, image), "project", project.imageGeneration());
        }
        String parameter = settings.baseImageParameter();
        String id = base.imageId(parameter).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND,
                "The base image parameter " + parameter + " does not exist in this region: the stack needs a"
                        + " region where Canonical publishes Ubuntu 24.04."));
        LaunchImage image = ec2.image(id).orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND,
                "Base AMI " + id + " (from " + parameter + ") is not visible in this region."));
        return new Chosen(image, "ubuntu-24.04", null);
    }

    /** The project as its owner knows it (its key carries an owner suffix). */
    private static String named(Project project) {
        return ProjectDirectory.displayName(project);
    }
}
