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
    /** The control plane's rules for --image and --ssh-user, said here without the round trip. */
    private static final Pattern IMAGE_ID = Pattern.compile("ami-[0-9a-z]{8,32}");
    private static final Pattern SSH_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

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
        if (request.image() != null && !IMAGE_ID.matcher(request.image()).matches()) {
            throw new UsageException("--image takes an AMI id (like ami-0abcdef1234567890); got '" + request.image()
                    + "'.");
        }
        if (request.image() != null && request.fromGeneration() != null) {
            throw new UsageException("--image starts a new project from an AMI and --from resumes a saved generation:"
                    + " pass one.");
        }
        if (request.sshUser() != null && !SSH_USER.matcher(request.sshUser()).matches()) {
            throw new UsageException("--ssh-user '" + request.sshUser() + "' is not a Linux user name: lowercase"
                    + " letters, digits, '_' and '-', starting with a letter or '_', at most 32 characters (like"
                    + " ubuntu or ec2-user).");
        }
        FirstBootSetup setup = FirstBootSetup.of(request.userDataFile(), request.dotfiles());
        if (!setup.isEmpty() && request.fromGeneration() != null) {
            throw new UsageException(setup.options() + " run at a new project's first boot; --from starts from a"
                    + " saved generation, which has had its first boot.");
        }
        String asked = request.sshUser() != null ? request.sshUser() : Project.DEFAULT_SSH_USER;
        BoxUserData.encoded(request.idleMinutes(), Optional.empty(), asked, setup); // too large: said before any call
        Object keyChoice = KeyPairs.localChoice(request.key(), request.home());
        projects.stack(); // a missing stack is said before anything else
        // One read before the claim: how the last box ended (the new box's login message, docs/idle.md), the user
        // it lets in, and whether a first-boot setup still has a first boot ahead of it.
        Optional<Projects.Detail> existing = existing(request.project());
        if (!setup.isEmpty()) {
            existing.ifPresent(d -> refuseSavedProject(request.project(), d.project(), setup));
        }
        String boxUser = request.sshUser() != null ? request.sshUser()
                : existing.map(d -> d.project().loginUser()).orElse(Project.DEFAULT_SSH_USER);
        String userData = BoxUserData.encoded(request.idleMinutes(), existing.flatMap(Projects.Detail::lastEnding),
                boxUser, setup);

        LaunchControl control = new LaunchControl(projects, request);
        JsonNode launched = control.launch(keyChoice, userData);
        String instanceId = launched.path("instanceId").asText();
        long generation = launched.path("generation").asLong();
        projects.ui().debug("launched " + request.project() + " generation " + generation + ": " + instanceId);
        String cidr = launched.path("cidr").isTextual() ? launched.path("cidr").asText() : null;
        boolean privateBox = launched.path("privateBox").asBoolean();
        if (cidr == null && !privateBox && !projects.aws().endpointOverridden()) {
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
        } else if (request.waitForSsh() && privateBox) {
            readiness.sshAnswersThroughTunnel(request.project(), request.timeout());
            checked = true;
        } else if (request.waitForSsh() && address != null) {
            readiness.sshAnswers(address, request.timeout());
            checked = true;
        }
        Optional<Path> privateKey = keyChoice instanceof dev.devbox.cli.ssh.LocalPublicKey k ? k.privateKeyFile()
                : Optional.empty();
        // A control plane from before ssh users were kept does not say: its boxes are Ubuntu's.
        String sshUser = launched.path("sshUser").asText(dev.devbox.domain.Project.DEFAULT_SSH_USER);
        String ssh = sshCommand(privateKey, request.project().value(), sshUser, address, request.home());
        if (privateBox) {
            ssh = "devbox ssh " + request.project(); // through 'devbox proxy', which 'devbox ssh' sets up
        }
        LastLaunch.of(request).save(request.home(), projects.aws().stackName(), request.project().value());
        JsonNode imageGeneration = launched.path("imageGeneration");
        return new LaunchResult(request.project().value(), generation, instanceId,
                launched.path("imageId").asText(), launched.path("imageSource").asText(),
                imageGeneration.isNumber() ? imageGeneration.asLong() : null, box.instanceType(), address,
                launched.path("keyName").asText(), ssh, checked, launched.path("market").asText("on-demand"),
                launched.path("fellBack").asBoolean(), request.idleMinutes(), request.initRateMiBs(),
                launched.path("architecture").asText(null), sshUser, privateBox);
    }

    /**
     * First-boot setup is for a new project: a saved one resumes its disk, where that setup already
     * ran (the box would skip it too, by its marker; saying so here spares a launch that ignores it).
     */
    private static void refuseSavedProject(ProjectName name, Project project, FirstBootSetup setup) {
        boolean saved = project.imageId() != null || project.pendingImageId() != null
                || project.state() == ProjectState.SNAPSHOTTING || project.state() == ProjectState.IMAGING;
        if (saved) {
            throw new UsageException("'" + name + "' has saved work (" + (project.imageGeneration() != null ? "generation "
                    + project.imageGeneration() : "being saved now") + "): "
                    + setup.options() + " run only at a new project's first boot, and its disk already has its"
                    + " setup. Run the script on the box ('devbox ssh " + name + "'), or give a new project name.");
        }
    }

    /** The project as the control plane shows it to the caller; empty for a new one (or one it will refuse). */
    private Optional<Projects.Detail> existing(ProjectName name) {
        try {
            return Optional.of(projects.look(name));
        } catch (dev.devbox.cli.error.DevboxException e) {
            return Optional.empty(); // not found: a new project; any other refusal the launch says in its own words
        }
    }

    static void validateInitRate(Integer rate) {
        if (rate != null && (rate < MIN_INIT_RATE || rate > MAX_INIT_RATE)) {
            throw new UsageException("--init-rate must be between " + MIN_INIT_RATE + " and " + MAX_INIT_RATE
                    + " MiB/s (AWS's range for a provisioned volume-initialization rate); got " + rate + ".");
        }
    }

    static String sshCommand(Optional<Path> privateKey, String project, String user, String address, Path home) {
        StringBuilder sb = new StringBuilder("ssh");
        privateKey.ifPresent(k -> sb.append(" -i ").append(tilde(k, home)));
        sb.append(" -o HostKeyAlias=devbox-").append(project)
                .append(" ").append(user).append("@").append(address);
        return sb.toString();
    }

    private static String tilde(Path file, Path home) {
        Path abs = file.toAbsolutePath();
        return abs.startsWith(home.toAbsolutePath()) ? "~/" + home.toAbsolutePath().relativize(abs) : abs.toString();
    }
}
