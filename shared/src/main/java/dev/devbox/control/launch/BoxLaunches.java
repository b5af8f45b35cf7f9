package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.control.ControlSettings;
import dev.devbox.control.LaunchClaims;
import dev.devbox.control.PrivateAccess;
import dev.devbox.control.ProjectDirectory;
import dev.devbox.control.SshOpener;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.DevboxException;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.policy.Cidr;
import dev.devbox.domain.policy.ProjectAccess;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
import dev.devbox.port.Ec2RefusedException;
import dev.devbox.port.LaunchEc2;
import dev.devbox.port.Ec2Gateway.InstanceView;

import javax.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * `devbox launch`, in the control plane: everything is judged before anything changes (the asks,
 * the owner, the image, the team rules, the key, the SSH range); then port 22, the claim (the
 * conditional write that lets one of many concurrent launches through), RunInstances with the
 * stack's launch template, and the box recorded. When RunInstances fails, the cycle's box is
 * looked up before the claim is given up, so a box started despite the error is never left
 * running untracked; when even that cannot be told, the claim stays LAUNCHING for the reconciler.
 */
public final class BoxLaunches {
    static final int NEW_PROJECT_ROOT_GIB = 20;
    static final int MIN_VOLUME_GIB = 8;
    static final int MAX_VOLUME_GIB = 16384;
    /** AWS's range for a provisioned volume-initialization rate, MiB/s. */
    static final int MIN_INIT_RATE = 100;
    static final int MAX_INIT_RATE = 300;
    static final int MAX_IDLE_MINUTES = 7 * 24 * 60;
    /** EC2 takes at most 16 KiB of user data, which is this much base64. */
    static final int MAX_USER_DATA_BASE64 = (16 * 1024 + 2) / 3 * 4;
    /** DescribeInstances is eventually consistent: a box started a moment ago may not be listed yet. */
    static final int LOOKS = 4;

    private final LaunchClaims claims;
    private final SshOpener ssh;
    private final LaunchImages images;
    private final BoxArchitectures architectures;
    private final LaunchKeys keys;
    private final BoxRunner runner;
    private final LaunchEc2 ec2;
    private final ControlSettings control;
    private final PipelineSettings settings;
    private final PrivateAccess privateAccess;
    private final StepLog log;

    @Inject
    public BoxLaunches(LaunchClaims claims, SshOpener ssh, LaunchImages images, BoxArchitectures architectures,
                       LaunchKeys keys, BoxRunner runner, LaunchEc2 ec2, ControlSettings control,
                       PipelineSettings settings, PrivateAccess privateAccess, StepLog log) {
        this.claims = claims;
        this.ssh = ssh;
        this.images = images;
        this.architectures = architectures;
        this.keys = keys;
        this.runner = runner;
        this.ec2 = ec2;
        this.control = control;
        this.settings = settings;
        this.privateAccess = privateAccess;
        this.log = log;
    }

    /**
     * @param cidr     the SSH range asked for, or null for the caller's own address
     * @param sourceIp the caller's address as Lambda saw it (null when not known)
     * @return the reply's fields
     */
    public Map<String, Object> launch(ProjectAccess access, ProjectName name, String cidr, String sourceIp,
                                      LaunchAsk ask) {
        LaunchAsk asked = ask == null ? new LaunchAsk(null, null, null, null, null, null, null, null, null, null)
                : ask;
        LaunchChecks.check(asked);
        boolean privateBox = privateAccess.privateBox(asked.privateBox());
        if (privateBox && cidr != null && !cidr.isBlank()) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "--ssh-cidr opens port 22 to a range; a private box has no"
                    + " public address and no such rule (it is reached through the stack's EC2 Instance Connect"
                    + " Endpoint): leave out one or the other.");
        }
        Optional<Project> existing = claims.existing(access, name);
        String type = architectures.type(asked);
        LaunchImages.Chosen image = choose(existing, name, asked, type);
        architectures.check(type, asked.instanceType() != null, image, existing.orElse(null));
        String sshUser = LaunchImages.sshUser(existing.orElse(null), image, asked.sshUser());
        int rootSize = rootSize(asked, image);
        List<Integer> sizes = volumeSizes(image, rootSize);
        String owner = claims.admit(access, name, asked.instanceType(), sizes);
        // A private box is reached through the endpoint only: no port-22 range is opened for it.
        Optional<Cidr> range = privateBox ? Optional.empty() : ssh.range(cidr, sourceIp);
        LaunchKeys.Plan key = keys.plan(asked);
        // Everything above only read: the claim is the first change, and a refused claim changes nothing.
        Project claimed = claims.claim(access, name, asked.instanceType(), sizes, sshUser);
        CycleRef cycle = claimed.cycle();

        SshOpener.Opened opened;
        String keyName;
        try {
            opened = ssh.open(name, range);
            keyName = keys.ensure(key);
            if (asked.fromGeneration() != null) {
                image = images.retained(claimed, asked.fromGeneration()); // still retained after the claim?
            } else if (claimed.imageId() != null && !claimed.imageId().equals(image.image().imageId())) {
                if (asked.image() != null) {
                    throw new ControlRefusal(Kind.CONFLICT, "Project '" + named(claimed) + "' saved its first"
                            + " generation while this launch was judged: --image is only for a new project. Launch it"
                            + " without --image.");
                }
                image = images.newest(claimed, null); // a cycle completed between our read and the claim
                architectures.check(type, asked.instanceType() != null, image, claimed);
                rootSize = rootSize(asked, image);
                claims.checkVolumes(volumeSizes(image, rootSize));
            }
        } catch (RuntimeException e) {
            throw giveUp(claimed, e, "no box was started");
        }
        List<String> notes = new ArrayList<>();
        BoxRunner.Box box = new BoxRunner.Box(cycle, owner, image, rootSize, keyName, opened.cidr(), asked,
                privateBox);
        BoxRunner.Started started;
        try {
            started = runner.start(box, notes::add);
        } catch (RuntimeException e) {
            started = startedDespite(e, claimed, box, notes);
        }
        try {
            claims.started(claimed, started.instanceId());
        } catch (RuntimeException e) {
            // The box runs and carries the cycle's tags: the reconciler records a stuck LAUNCHING claim's box.
            log.step("launched").cycle(cycle).with("error", String.valueOf(e)).warn("not recorded");
            notes.add("Box " + started.instanceId() + " runs, but its record could not be written (" + e.getMessage()
                    + "): the pipeline's reconciler records it; 'devbox status " + name + "' shows when.");
        }

        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("project", name.value());
        reply.put("generation", cycle.generation());
        reply.put("owner", owner);
        reply.put("instanceId", started.instanceId());
        reply.put("imageId", image.image().imageId());
        reply.put("imageSource", image.source());
        reply.put("imageGeneration", image.generation());
        reply.put("architecture", image.image().architecture());
        reply.put("sshUser", sshUser);
        reply.put("market", started.spot() ? "spot" : "on-demand");
        reply.put("fellBack", started.fellBack());
        reply.put("keyName", keyName);
        reply.put("cidr", opened.cidr());
        reply.put("privateBox", privateBox);
        reply.put("closedSsh", opened.closed());
        reply.put("notes", notes);
        return reply;
    }

    private LaunchImages.Chosen choose(Optional<Project> existing, ProjectName name, LaunchAsk ask, String type) {
        if (ask.image() != null) {
            return images.asked(existing.orElse(null), ask.image());
        }
        if (ask.fromGeneration() == null) {
            Project project = existing.orElse(null);
            // Only a new project's image depends on the type: a saved one resumes its own AMI.
            String architecture = project != null && project.imageId() != null ? null : architectures.forNewBox(type);
            return images.newest(project, architecture);
        }
        Project p = existing.orElseThrow(() -> new ControlRefusal(Kind.NOT_FOUND, "No project '" + name
                + "' in stack '" + settings.stack() + "': --from needs a project with saved generations."));
        return images.retained(p, ask.fromGeneration());
    }

    private static int rootSize(LaunchAsk ask, LaunchImages.Chosen image) {
        int imageRoot = image.image().rootSizeGiB();
        if (ask.volumeSizeGiB() == null) {
            return image.fromProject() ? imageRoot : Math.max(NEW_PROJECT_ROOT_GIB, imageRoot);
        }
        if (ask.volumeSizeGiB() < imageRoot) {
            throw new ControlRefusal(Kind.BAD_REQUEST, "--volume-size " + ask.volumeSizeGiB() + " is smaller than"
                    + " the " + (image.fromProject() ? "project's" : "image's") + " root volume (" + imageRoot
                    + " GiB): volumes can only grow.");
        }
        return ask.volumeSizeGiB();
    }

    /** The size of every volume the box will have: the root's, then the image's others. */
    private static List<Integer> volumeSizes(LaunchImages.Chosen image, int rootSize) {
        List<Integer> sizes = new ArrayList<>(List.of(rootSize));
        image.image().disks().stream()
                .filter(d -> d.sizeGiB() != null && !d.device().equals(image.image().rootDevice()))
                .forEach(d -> sizes.add(d.sizeGiB()));
        return sizes;
    }

    /**
     * After RunInstances failed: an error does not prove that nothing started (the request may
     * have reached EC2 and its response been lost). So EC2 is asked for the cycle's box, and, unless
     * EC2 plainly refused, the same RunInstances is sent once more: its client tokens make EC2 answer
     * with the box it started, if any, rather than start a second one (DescribeInstances may not list
     * a box started a moment ago). Only then is the claim released as FAILED. When EC2 cannot be
     * asked at all, the claim stays LAUNCHING for the reconciler.
     */
    private BoxRunner.Started startedDespite(RuntimeException failure, Project claimed, BoxRunner.Box box,
                                             List<String> notes) {
        CycleRef cycle = claimed.cycle();
        String reason = String.valueOf(failure.getMessage());
        Optional<InstanceView> found;
        try {
            found = lookForBox(cycle);
        } catch (RuntimeException lookup) {
            log.step("launch").cycle(cycle).with("error", reason).with("lookup", String.valueOf(lookup)).warn("unknown");
            throw new ControlRefusal(Kind.EC2, "The launch failed (" + reason + ") and devbox could not check whether"
                    + " EC2 started the box anyway (" + lookup.getMessage() + "): '" + named(claimed) + "' stays"
                    + " LAUNCHING until the pipeline's reconciler records the box or releases the launch; 'devbox"
                    + " wait " + named(claimed) + " --until running' follows it.");
        }
        if (found.isPresent()) {
            InstanceView started = found.get();
            notes.add("The launch reported an error (" + reason + "), but EC2 did start box " + started.instanceId()
                    + " for generation " + cycle.generation() + ": carrying on with it.");
            boolean spot = "spot".equals(started.tags().get(BoxRunner.TAG_MARKET));
            return new BoxRunner.Started(started.instanceId(), spot, box.ask().wantsSpot() && !spot);
        }
        boolean plainlyRefused = failure instanceof ControlRefusal
                || failure instanceof Ec2RefusedException e && e.refused();
        if (!plainlyRefused) {
            try {
                BoxRunner.Started again = runner.start(box, notes::add);
                notes.add("The launch reported an error (" + reason + "); the same request again (same client token)"
                        + " answered with box " + again.instanceId() + ": carrying on with it.");
                return again;
            } catch (RuntimeException retry) {
                failure.addSuppressed(retry);
            }
        }
        throw giveUp(claimed, failure, "no box was started (none carries generation " + cycle.generation()
                + "'s tags)");
    }

    /**
     * Releases the claim as FAILED (launchable again) and closes port-22 rules no live box needs.
     *
     * @return the refusal that says so, to throw
     */
    private ControlRefusal giveUp(Project claimed, RuntimeException failure, String what) {
        CycleRef cycle = claimed.cycle();
        String reason = String.valueOf(failure.getMessage());
        try {
            claims.release(claimed, reason);
        } catch (RuntimeException release) {
            return new ControlRefusal(Kind.EC2, "The launch failed (" + reason + ") and " + what + ", but devbox"
                    + " could not release the claim (" + release.getMessage() + "): '" + named(claimed) + "' stays"
                    + " LAUNCHING until the pipeline's reconciler releases it.");
        }
        ssh.closeStale();
        String released = "; " + what + ", so the launch is released as FAILED: 'devbox launch " + named(claimed)
                + "' tries again.";
        if (failure instanceof ControlRefusal refusal) {
            // Our own sentence says what to do; it stays the one line, and says the project is FAILED now.
            String said = refusal.getMessage().endsWith(".") ? refusal.getMessage().substring(0,
                    refusal.getMessage().length() - 1) : refusal.getMessage();
            return new ControlRefusal(refusal.kind(), said + released);
        }
        if (failure instanceof DevboxException) {
            return new ControlRefusal(Kind.CONFLICT, failure.getMessage() + released);
        }
        return new ControlRefusal(Kind.EC2, Ec2Refusals.say(failure) + released);
    }

    private Optional<InstanceView> lookForBox(CycleRef cycle) {
        for (int look = 1; ; look++) {
            List<InstanceView> found = ec2.cycleBoxes(settings.stack(), cycle);
            if (!found.isEmpty() || look == LOOKS) {
                return found.stream().findFirst();
            }
            try {
                Thread.sleep(control.lookPause().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** The project as its owner knows it (its key carries an owner suffix). */
    private static String named(Project project) {
        return ProjectDirectory.displayName(project);
    }
}
