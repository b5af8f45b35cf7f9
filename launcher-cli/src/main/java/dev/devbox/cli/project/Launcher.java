package dev.devbox.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.error.UsageException;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import dev.devbox.control.read.BoxView;

/**
 * `devbox launch`: what can be judged locally is checked first (the same words the control plane
 * would use, without the round trip); then one request to the control plane, which judges the
 * launch against the team rules, claims the project and starts the box under its own role; then
 * the CLI waits for the box, records its device mapping and re-asserts port 22, and says how to
 * connect. The CLI itself starts nothing: developers hold no RunInstances permission.
 */
final class Launcher {
    /** AWS's range for a provisioned volume-initialization rate, MiB/s (the control plane's too). */
    static final int MIN_INIT_RATE = 100;
    static final int MAX_INIT_RATE = 300;
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");

    private final Projects projects;
    private final BoxReadiness readiness;

    Launcher(Projects projects) {
        this.projects = projects;
        this.readiness = new BoxReadiness(projects);
    }

    LaunchResult launch(LaunchRequest request) {
        if (request.instanceType() != null && !INSTANCE_TYPE.matcher(request.instanceType()).matches()) {
            throw new UsageException("'" + request.instanceType() + "' is not an EC2 instance type (like t3.small).");
        }
        if (request.volumeSizeGiB() != null && (request.volumeSizeGiB() < 8 || request.volumeSizeGiB() > 16384)) {
            throw new UsageException("--volume-size must be between 8 and 16384 GiB.");
        }
        validateInitRate(request.initRateMiBs());
        if (request.spotFallback() && !request.spot()) {
            throw new UsageException("--spot-fallback goes with --spot (it says what to do when Spot has no capacity).");
        }
        if (request.fromGeneration() != null && request.fromGeneration() < 1) {
            throw new UsageException("--from takes a generation number (1 or more): 'devbox history "
                    + request.project() + "' lists them.");
        }
        FirstBootSetup setup = FirstBootSetup.of(request.userDataFile(), request.dotfiles());
        if (!setup.isEmpty() && request.fromGeneration() != null) {
            throw new UsageException(setup.options() + " run at a new project's first boot; --from starts from a"
                    + " saved generation, which has had its first boot.");
        }
        String userData = BoxUserData.encoded(request.idleMinutes(), setup);
        Object keyChoice = KeyPairs.localChoice(request.key(), request.home());
        projects.stack(); // a missing stack is said before anything else
        if (!setup.isEmpty()) {
            refuseSavedProject(request.project(), setup);
        }

        LaunchControl control = new LaunchControl(projects, request);
        JsonNode launched = control.launch(keyChoice, userData);
        String instanceId = launched.path("instanceId").asText();
        long generation = launched.path("generation").asLong();
        projects.ui().debug("launched " + request.project() + " generation " + generation + ": " + instanceId);
        String cidr = launched.path("cidr").isTextual() ? launched.path("cidr").asText() : null;
        if (cidr == null && !projects.aws().endpointOverridden()) {
            projects.ui().info("The control plane could not tell your address: SSH works only if the stack allows"
                    + " it (pass --ssh-cidr A.B.C.D/32 to open it).");
        }

        BoxView box = readiness.running(request.project(), instanceId, request.timeout());
        control.captureMapping();
        if (cidr != null) {
            control.tidySsh(cidr);
        }
        String address = box.address();
        boolean checked = false;
        if (projects.aws().endpointOverridden()) {
            projects.ui().info(projects.ui().style().dim(
                    "(AWS_ENDPOINT_URL is set: an emulated box has no SSH server, so not waiting for port 22)"));
        } else if (request.waitForSsh() && address != null) {
            readiness.sshAnswers(address, request.timeout());
            checked = true;
        }
        Optional<Path> privateKey = keyChoice instanceof dev.devbox.cli.ssh.LocalPublicKey k ? k.privateKeyFile()
                : Optional.empty();
        String ssh = sshCommand(privateKey, request.project().value(), address, request.home());
        JsonNode imageGeneration = launched.path("imageGeneration");
        return new LaunchResult(request.project().value(), generation, instanceId,
                launched.path("imageId").asText(), launched.path("imageSource").asText(),
                imageGeneration.isNumber() ? imageGeneration.asLong() : null, box.instanceType(), address,
                launched.path("keyName").asText(), ssh, checked, launched.path("market").asText("on-demand"),
                launched.path("fellBack").asBoolean(), request.idleMinutes(), request.initRateMiBs());
    }

    /**
     * First-boot setup is for a new project: a saved one resumes its disk, where that setup already
     * ran (the box would skip it too, by its marker; saying so here spares a launch that ignores it).
     */
    private void refuseSavedProject(ProjectName name, FirstBootSetup setup) {
        Project project;
        try {
            project = projects.look(name).project();
        } catch (NotFoundException e) {
            return; // a new project
        }
        boolean saved = project.imageId() != null || project.pendingImageId() != null
                || project.state() == ProjectState.SNAPSHOTTING || project.state() == ProjectState.IMAGING;
        if (saved) {
            throw new UsageException("'" + name + "' has saved work (" + (project.imageGeneration() != null ? "generation "
                    + project.imageGeneration() : "being saved now") + "): "
                    + setup.options() + " run only at a new project's first boot, and its disk already has its"
                    + " setup. Run the script on the box ('devbox ssh " + name + "'), or give a new project name.");
        }
    }

    static void validateInitRate(Integer rate) {
        if (rate != null && (rate < MIN_INIT_RATE || rate > MAX_INIT_RATE)) {
            throw new UsageException("--init-rate must be between " + MIN_INIT_RATE + " and " + MAX_INIT_RATE
                    + " MiB/s (AWS's range for a provisioned volume-initialization rate); got " + rate + ".");
        }
    }

    static String sshCommand(Optional<Path> privateKey, String project, String address, Path home) {
        StringBuilder sb = new StringBuilder("ssh");
        privateKey.ifPresent(k -> sb.append(" -i ").append(tilde(k, home)));
        sb.append(" -o HostKeyAlias=devbox-").append(project)
                .append(" ").append(Projects.SSH_USER).append("@").append(address);
        return sb.toString();
    }

    private static String tilde(Path file, Path home) {
        Path abs = file.toAbsolutePath();
        return abs.startsWith(home.toAbsolutePath()) ? "~/" + home.toAbsolutePath().relativize(abs) : abs.toString();
    }
}
