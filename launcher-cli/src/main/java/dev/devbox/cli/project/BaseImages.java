package dev.devbox.cli.project;

import dev.devbox.cli.error.AwsFailureException;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.domain.Project;
import dev.devbox.domain.RetainedImage;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Which image a launch starts from: the project's newest AMI, a retained one (--from), or Ubuntu. */
final class BaseImages {

    /** The image a box starts from; {@code generation} is the project AMI's, null for Ubuntu. */
    record BaseImage(String imageId, String source, Image image, Long generation) {
        int rootSizeGiB() {
            return image.blockDeviceMappings().stream()
                    .filter(m -> m.deviceName().equals(image.rootDeviceName()) && m.ebs() != null)
                    .map(m -> m.ebs().volumeSize()).filter(s -> s != null).findFirst().orElse(8);
        }

        boolean fromProject() {
            return source.equals("project");
        }
    }

    private final Projects projects;

    BaseImages(Projects projects) {
        this.projects = projects;
    }

    /** A retained project AMI for --from, or a clear error listing the generations that are retained. */
    BaseImage retained(Project project, long generation) {
        List<RetainedImage> retained = projects.retainedImages(project.name());
        RetainedImage chosen = retained.stream().filter(r -> r.generation() == generation).findFirst()
                .orElseThrow(() -> new NotFoundException("Generation " + generation + " of '" + project.name()
                        + "' is not retained: " + (retained.isEmpty() ? "it has no saved generation yet."
                        : "the retained ones are " + String.join(", ", retained.stream()
                                .map(r -> Long.toString(r.generation())).toList())
                        + " ('devbox history " + project.name() + "').")));
        Image image = describeImage(chosen.imageId()).orElseThrow(() -> new AwsFailureException(
                "The AMI " + chosen.imageId() + " of generation " + generation + " of '" + project.name()
                        + "' no longer exists in EC2: 'devbox history " + project.name() + "' lists the others."));
        return new BaseImage(image.imageId(), "project", image, generation);
    }

    /** The project's newest AMI, or Ubuntu 24.04 (the stack's base image parameter) for a new project. */
    BaseImage newest(Project project) {
        if (project != null && project.imageId() != null) {
            Image image = describeImage(project.imageId()).orElseThrow(() -> new AwsFailureException(
                    "The project AMI " + project.imageId() + " of '" + project.name() + "' no longer exists in EC2:"
                            + " 'devbox history " + project.name() + "' lists the retained AMIs; 'devbox launch "
                            + project.name() + " --from GENERATION' starts from one."));
            return new BaseImage(image.imageId(), "project", image, project.imageGeneration());
        }
        String parameter = projects.stack().baseImageParameter();
        String ubuntu;
        try {
            ubuntu = projects.aws().ssm().getParameter(r -> r.name(parameter)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new AwsFailureException("The base image parameter " + parameter + " does not exist in "
                    + projects.aws().region().id() + ": use a region where Ubuntu 24.04 is published.", e);
        }
        Image image = describeImage(ubuntu).orElseThrow(() -> new AwsFailureException(
                "Base AMI " + ubuntu + " (from " + parameter + ") is not visible in this region."));
        return new BaseImage(ubuntu, "ubuntu-24.04", image, null);
    }

    private Optional<Image> describeImage(String imageId) {
        try {
            return projects.aws().ec2().describeImages(r -> r.imageIds(imageId)).images().stream().findFirst();
        } catch (Ec2Exception e) {
            if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode().startsWith("InvalidAMIID")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
