package dev.devbox.cli.project;

import dev.devbox.cli.aws.AwsErrors;
import dev.devbox.cli.aws.StackOutputs;
import dev.devbox.cli.error.AwsFailureException;
import dev.devbox.cli.error.ConflictException;
import dev.devbox.cli.error.DevboxException;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.error.UsageException;
import dev.devbox.control.LaunchClaims;
import dev.devbox.control.SshRules;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.ResourceNames;
import dev.devbox.domain.policy.LaunchAdmission;
import dev.devbox.domain.policy.ProjectAccess;
import dev.devbox.cli.project.BaseImages.BaseImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * `devbox launch`: everything that can fail for a local reason is checked before the claim; the
 * claim is the conditional write that lets exactly one of many concurrent launches through; the
 * RunInstances after it carries a client token derived from the cycle, so a retry cannot start a
 * second box; and when RunInstances fails, the cycle's box is looked up before the claim is given
 * up, so a box started despite the error is never left running untracked.
 */
final class Launcher {
    static final int NEW_PROJECT_ROOT_GIB = 20;
    /** AWS's range for a provisioned volume-initialization rate, MiB/s. */
    static final int MIN_INIT_RATE = 100;
    static final int MAX_INIT_RATE = 300;
    /** Tags on the box that `status` reads back. */
    public static final String TAG_IDLE_MINUTES = "devbox:idle-minutes";
    public static final String TAG_INIT_RATE = "devbox:init-rate";
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    private static final List<String> TRY_NEXT_SUBNET = List.of("InsufficientInstanceCapacity", "Unsupported");
    /**
     * RunInstances errors that mean "no Spot box for you right now": capacity, price, the account's
     * Spot quota. The capacity codes of Spot requests (capacity-not-available, ...) come back as
     * InsufficientInstanceCapacity from RunInstances.
     */
    static final List<String> SPOT_UNAVAILABLE = List.of("InsufficientInstanceCapacity", "SpotMaxPriceTooLow",
            "MaxSpotInstanceCountExceeded", "InsufficientCapacity", "Unsupported", "capacity-not-available",
            "capacity-oversubscribed");

    private final Projects projects;
    private final BaseImages images;
    private final BoxReadiness readiness;

    Launcher(Projects projects) {
        this.projects = projects;
        this.images = new BaseImages(projects);
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
        String userData = BoxUserData.encoded(request.idleMinutes());
        Object keyChoice = KeyPairs.localChoice(request.key(), request.home());
        StackOutputs stack = projects.stack();
        Ec2Client ec2 = projects.aws().ec2();

        ProjectAccess access = projects.access();
        Optional<Project> existing = projects.stores().projects().find(request.project()).map(access::check);
        if (existing.isEmpty() && access.actingFor().isPresent()) {
            throw new UsageException("--owner acts on another developer's existing project; a new project belongs"
                    + " to whoever launches it, so leave out --owner to create '" + request.project() + "'.");
        }
        existing.filter(p -> !p.state().launchable()).ifPresent(p -> {
            throw new ConflictException(LaunchClaims.busy(p.name().value(), p.state(), p.instanceId()));
        });
        BaseImage image;
        if (request.fromGeneration() != null) {
            Project p = existing.orElseThrow(() -> new NotFoundException("No project '" + request.project()
                    + "' in stack '" + stack.stackName() + "': --from needs a project with saved generations."));
            if (p.cleanupPending()) {
                // Retention may be about to retire old AMIs: launching from one now could race it.
                throw new ConflictException("Project '" + p.name() + "' is still cleaning up after its last save:"
                        + " try --from again in a minute ('devbox status " + p.name() + "' shows it).");
            }
            image = images.retained(p, request.fromGeneration());
        } else {
            image = images.newest(existing.orElse(null));
        }
        int rootSize = rootSize(request, image);
        String owner = existing.map(Project::owner).orElse(access.caller().principal());
        List<Integer> volumeSizes = admit(request, stack, image, rootSize, owner);
        KeyPairs.ChosenKey key = KeyPairs.ensure(ec2, keyChoice, stack.stackName());
        LaunchControl control = new LaunchControl(projects, request);
        String cidr = control.openSsh();
        long generation = control.claim(volumeSizes);
        Project claimed = projects.find(request.project()).filter(p -> p.generation() == generation)
                .orElseThrow(() -> new ConflictException("Project '" + request.project() + "' moved on right after"
                        + " this launch claimed it: 'devbox status " + request.project() + "' says what happened."));
        CycleRef cycle = claimed.cycle();
        projects.ui().debug("claimed " + cycle.project() + " generation " + cycle.generation());

        Started started;
        try {
            if (request.fromGeneration() != null) {
                image = images.retained(claimed, request.fromGeneration()); // still retained after the claim?
            } else if (claimed.imageId() != null && !claimed.imageId().equals(image.imageId())) {
                image = images.newest(claimed); // a cycle completed between our read and the claim
                rootSize = rootSize(request, image);
            }
            started = start(ec2, stack, request, cycle, image, rootSize, key.keyName(), owner, userData, cidr);
        } catch (RuntimeException e) {
            started = startedDespite(e, request, stack, cycle, control);
        }
        String instanceId = started.instanceId();
        control.launched(cycle, instanceId);

        Instance box = readiness.running(instanceId, request.timeout());
        control.captureMapping();
        if (cidr != null) {
            control.tidySsh(cidr);
        }
        String address = Projects.address(box);
        boolean checked = false;
        if (projects.aws().endpointOverridden()) {
            projects.ui().info(projects.ui().style().dim(
                    "(AWS_ENDPOINT_URL is set: an emulated box has no SSH server, so not waiting for port 22)"));
        } else if (request.waitForSsh() && address != null) {
            readiness.sshAnswers(address, request.timeout());
            checked = true;
        }
        String ssh = sshCommand(key.privateKey(), request.project().value(), address, request.home());
        return new LaunchResult(request.project().value(), cycle.generation(), instanceId, image.imageId(),
                image.source(), image.generation(), box.instanceTypeAsString(), address, key.keyName(), ssh, checked,
                started.spot() ? "spot" : "on-demand", started.fellBack(), request.idleMinutes(),
                request.initRateMiBs());
    }

    static void validateInitRate(Integer rate) {
        if (rate != null && (rate < MIN_INIT_RATE || rate > MAX_INIT_RATE)) {
            throw new UsageException("--init-rate must be between " + MIN_INIT_RATE + " and " + MAX_INIT_RATE
                    + " MiB/s (AWS's range for a provisioned volume-initialization rate); got " + rate + ".");
        }
    }

    /** The box RunInstances started: Spot or on demand, and whether Spot fell back. */
    private record Started(String instanceId, boolean spot, boolean fellBack) {
    }

    /**
     * After the launch failed between the claim and a confirmed RunInstances: an error does not
     * prove that nothing started (the request may have reached EC2 and its response been lost, a
     * timeout or a 5xx after the SDK's retries). So EC2 is asked for the cycle's box first. One that
     * exists is recorded and the launch carries on with it, so the pipeline saves it like any other;
     * only when there is none is the claim released as FAILED (launchable again). When EC2 cannot
     * be asked, the claim stays LAUNCHING for the reconciler, which records the box or fails the
     * claim once it is stuck.
     *
     * @return the box that was started after all
     * @throws RuntimeException saying what happened, when no box was started or none can be found out
     */
    private Started startedDespite(RuntimeException failure, LaunchRequest request, StackOutputs stack,
                                   CycleRef cycle, LaunchControl control) {
        Optional<Instance> found;
        try {
            found = new CycleInstances(projects).started(stack.stackName(), cycle);
        } catch (RuntimeException lookup) {
            failure.addSuppressed(lookup);
            throw new AwsFailureException("The launch failed (" + reason(failure) + ") and devbox could not check"
                    + " whether EC2 started the box anyway (" + reason(lookup) + "): '" + cycle.project()
                    + "' stays LAUNCHING until the pipeline's reconciler records the box or releases the launch;"
                    + " 'devbox wait " + cycle.project() + " --until running' follows it.", failure);
        }
        if (found.isPresent()) {
            Instance box = found.get();
            projects.ui().info("The launch reported an error (" + reason(failure) + "), but EC2 did start box "
                    + box.instanceId() + " for generation " + cycle.generation() + ": carrying on with it.");
            boolean spot = Insights.isSpot(box);
            return new Started(box.instanceId(), spot, request.spot() && !spot);
        }
        try {
            control.release(cycle, reason(failure));
        } catch (RuntimeException release) {
            failure.addSuppressed(release);
            throw new AwsFailureException("The launch failed (" + reason(failure) + ") and no box was started, but"
                    + " devbox could not release the claim (" + release.getMessage() + "): '" + cycle.project()
                    + "' stays LAUNCHING until the pipeline's reconciler releases it.", failure);
        }
        String released = "; no box was started (none carries generation " + cycle.generation() + "'s tags), so"
                + " the launch is released as FAILED: 'devbox launch " + cycle.project() + "' tries again.";
        if (failure instanceof DevboxException d) {
            // Our own sentence already says what to do; it stays the one line.
            throw d;
        }
        DevboxException translated = AwsErrors.translate(failure);
        if (translated == null) {
            throw failure;
        }
        String said = translated.getMessage().endsWith(".")
                ? translated.getMessage().substring(0, translated.getMessage().length() - 1) : translated.getMessage();
        throw new DevboxException(translated.exitCode(), said + released, failure);
    }

    /** The error's own words, as the FAILED record keeps them. */
    private static String reason(Throwable e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
        }
        return String.valueOf(e.getMessage());
    }

    private Started start(Ec2Client ec2, StackOutputs stack, LaunchRequest request, CycleRef cycle, BaseImage image,
                          int rootSize, String keyName, String owner, String userData, String cidr) {
        if (!request.spot()) {
            return new Started(runInstances(ec2, stack, request, cycle, image, rootSize, keyName, owner, userData,
                    cidr, false), false, false);
        }
        try {
            return new Started(runInstances(ec2, stack, request, cycle, image, rootSize, keyName, owner, userData,
                    cidr, true), true, false);
        } catch (Ec2Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (!SPOT_UNAVAILABLE.contains(code)) {
                throw e;
            }
            String type = request.instanceType() != null ? request.instanceType() : "the stack's instance type";
            if (!request.spotFallback()) {
                throw new AwsFailureException("No Spot capacity for " + type + " in the stack's subnets (" + code
                        + "): nothing was started. Rerun with --spot-fallback to start on demand when Spot has none,"
                        + " or rerun without --spot.", e);
            }
            projects.ui().info("No Spot capacity for " + type + " (" + code + "): starting on demand instead"
                    + " (--spot-fallback).");
            return new Started(runInstances(ec2, stack, request, cycle, image, rootSize, keyName, owner, userData,
                    cidr, false), false, true);
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

    private int rootSize(LaunchRequest request, BaseImage image) {
        int imageRoot = image.rootSizeGiB();
        if (request.volumeSizeGiB() == null) {
            return image.fromProject() ? imageRoot : Math.max(NEW_PROJECT_ROOT_GIB, imageRoot);
        }
        if (request.volumeSizeGiB() < imageRoot) {
            throw new UsageException("--volume-size " + request.volumeSizeGiB() + " is smaller than the "
                    + (image.fromProject() ? "project's" : "image's") + " root volume (" + imageRoot
                    + " GiB): volumes can only grow.");
        }
        return request.volumeSizeGiB();
    }

    private String runInstances(Ec2Client ec2, StackOutputs stack, LaunchRequest request, CycleRef cycle,
                                BaseImage image, int rootSize, String keyName, String owner, String userData,
                                String cidr, boolean spot) {
        List<Tag> tags = List.of(
                Tag.builder().key("Name").value("devbox-" + cycle.project()).build(),
                Tag.builder().key(ResourceNames.TAG_STACK).value(stack.stackName()).build(),
                Tag.builder().key(ResourceNames.TAG_PROJECT).value(cycle.project().value()).build(),
                Tag.builder().key(ResourceNames.TAG_GENERATION).value(Long.toString(cycle.generation())).build(),
                Tag.builder().key(ResourceNames.TAG_OWNER).value(truncate(owner, 256)).build());
        List<Tag> boxTags = new ArrayList<>(tags);
        boxTags.add(Tag.builder().key(TAG_IDLE_MINUTES).value(Integer.toString(request.idleMinutes())).build());
        if (cidr != null) {
            boxTags.add(Tag.builder().key(SshRules.TAG_SSH_CIDR).value(cidr).build());
        }
        if (request.initRateMiBs() != null) {
            boxTags.add(Tag.builder().key(TAG_INIT_RATE).value(Integer.toString(request.initRateMiBs())).build());
        }
        List<BlockDeviceMapping> mappings = new ArrayList<>();
        for (BlockDeviceMapping m : image.image().blockDeviceMappings()) {
            if (m.ebs() == null) {
                continue;
            }
            boolean root = m.deviceName().equals(image.image().rootDeviceName());
            boolean base = !image.fromProject();
            boolean fromSnapshot = m.ebs().snapshotId() != null;
            // Volumes outlive the box (invariant 5): the pipeline snapshots them after termination.
            mappings.add(BlockDeviceMapping.builder().deviceName(m.deviceName()).ebs(e -> {
                e.deleteOnTermination(false).encrypted(true);
                if (stack.ebsKmsKeyId() != null) {
                    // The stack's key, which the developers' policy may use; else the account's default key.
                    e.kmsKeyId(stack.ebsKmsKeyId());
                }
                if (fromSnapshot) {
                    // The image's own snapshot, named: EC2 would take it from the AMI anyway, and an override
                    // without it (or a size) is refused by stricter implementations of the API.
                    e.snapshotId(m.ebs().snapshotId());
                }
                if (!root && m.ebs().volumeSize() != null) {
                    e.volumeSize(m.ebs().volumeSize());
                }
                if (request.initRateMiBs() != null && fromSnapshot) {
                    // Provisioned rate: the volume is fully read from its snapshot in a predictable time.
                    e.volumeInitializationRate(request.initRateMiBs());
                }
                if (root) {
                    e.volumeSize(rootSize);
                }
                if (base) {
                    e.volumeType(VolumeType.GP3);
                }
            }).build());
        }
        List<String> subnets = stack.subnetIds();
        AwsServiceException last = null;
        for (int i = 0; i < subnets.size(); i++) {
            String subnet = subnets.get(i);
            String token = clientToken(stack.stackName(), cycle, spot ? "spot" + i : "s" + i);
            RunInstancesRequest.Builder run = RunInstancesRequest.builder()
                    .launchTemplate(lt -> lt.launchTemplateId(stack.launchTemplateId()).version("$Default"))
                    .imageId(image.imageId())
                    .keyName(keyName)
                    .minCount(1).maxCount(1)
                    .clientToken(token)
                    .subnetId(subnet)
                    .securityGroupIds(stack.securityGroupId())
                    .blockDeviceMappings(mappings)
                    .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED))
                    .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                    .userData(userData)
                    .tagSpecifications(
                            TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(boxTags).build(),
                            TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build());
            if (spot) {
                // One-time, terminate on interruption: an interrupted box is saved like any ended box.
                run.instanceMarketOptions(mo -> mo.marketType(MarketType.SPOT).spotOptions(so -> so
                        .spotInstanceType(SpotInstanceType.ONE_TIME)
                        .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE)));
            }
            if (request.instanceType() != null) {
                run.instanceType(request.instanceType());
            }
            try {
                String id = ec2.runInstances(run.build()).instances().get(0).instanceId();
                projects.ui().debug("RunInstances " + id + " in " + subnet + " (client token " + token + ")");
                return id;
            } catch (Ec2Exception e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                if (!(spot ? SPOT_UNAVAILABLE : TRY_NEXT_SUBNET).contains(code) || i == subnets.size() - 1) {
                    throw e;
                }
                projects.ui().info("No " + (spot ? "Spot " : "") + "capacity in " + subnet + " (" + code
                        + "): trying the next subnet.");
                last = e;
            }
        }
        throw last;
    }

    /** At most 64 characters, the same for every retry of this cycle in this subnet and market. */
    static String clientToken(String stack, CycleRef cycle, String attempt) {
        String token = "devbox-" + stack + "-" + cycle.project() + "-g" + cycle.generation() + "-" + attempt;
        if (token.length() <= 64) {
            return token;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "devbox-" + HexFormat.of().formatHex(digest, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The team rules the CLI can judge itself, before anything changes (the control plane judges
     * them again as it claims).
     *
     * @return the size of every volume the box will have, in GiB
     */
    private List<Integer> admit(LaunchRequest request, StackOutputs stack, BaseImage image, int rootSize,
                                 String owner) {
        LaunchAdmission admission = new LaunchAdmission(stack.policy());
        if (request.instanceType() != null) {
            admission.instanceType(request.instanceType());
        }
        List<Integer> sizes = new ArrayList<>(List.of(rootSize));
        image.image().blockDeviceMappings().stream()
                .filter(m -> m.ebs() != null && m.ebs().volumeSize() != null
                        && !m.deviceName().equals(image.image().rootDeviceName()))
                .forEach(m -> sizes.add(m.ebs().volumeSize()));
        admission.volumes(sizes);
        List<String> running = projects.list().stream()
                .filter(p -> owner.equals(p.owner()) && !p.name().equals(request.project()))
                .filter(p -> p.state() == ProjectState.LAUNCHING || p.state() == ProjectState.RUNNING)
                .map(p -> p.name().value()).toList();
        admission.runningBoxes(owner, running);
        return sizes;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
