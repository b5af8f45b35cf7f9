package dev.devbox.control.launch;

import dev.devbox.control.ControlRefusal;
import dev.devbox.control.ControlRefusal.Kind;
import dev.devbox.control.ControlSettings;
import dev.devbox.control.LaunchClaims;
import dev.devbox.control.SshOpener;
import dev.devbox.domain.CycleRef;
import dev.devbox.domain.DevboxException;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.policy.Cidr;
import dev.devbox.domain.policy.ProjectAccess;
import dev.devbox.pipeline.PipelineSettings;
import dev.devbox.pipeline.StepLog;
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
    private final LaunchKeys keys;
    private final BoxRunner runner;
    private final LaunchEc2 ec2;
    private final ControlSettings control;
    private final PipelineSettings settings;
    private final StepLog log;

    @Inject
    public BoxLaunches(LaunchClaims claims, SshOpener ssh, LaunchImages images,
                       LaunchKeys keys, BoxRunner runner, LaunchEc2 ec2, ControlSettings control,
                       PipelineSettings settings, StepLog log) {
        this.claims = claims;
        this.ssh = ssh;
        this.images = images;
        this.keys = keys;
        this.runner = runner;
        this.ec2 = ec2;
        this.control = control;
        this.settings = settings;
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
        Optional<Project> existing = claims.existing(access, name);
        LaunchImages.Chosen image = choose(existing, name, asked);
        int rootSize = rootSize(asked, image);
        List<Integer> sizes = volumeSizes(image, rootSize);
        String owner = claims.admit(access, name, asked.instanceType(), sizes);
        Optional<Cidr> range = ssh.range(cidr, sourceIp);
        String keyName = keys.ensure(asked);
        SshOpener.Opened opened = ssh.open(name, range);
        Project claimed = claims.claim(access, name, asked.instanceType(), sizes);
        CycleRef cycle = claimed.cycle();

        List<String> notes = new ArrayList<>();
        BoxRunner.Started started;
        try {
            if (asked.fromGeneration() != null) {
                image = images.retained(claimed, asked.fromGeneration()); // still retained after the claim?
            } else if (claimed.imageId() != null && !claimed.imageId().equals(image.image().imageId())) {
                image = images.newest(claimed); // a cycle completed between our read and the claim
                rootSize = rootSize(asked, image);
            }
            started = runner.start(new BoxRunner.Box(cycle, owner, image, rootSize, keyName, opened.cidr(), asked),
                    notes::add);
        } catch (RuntimeException e) {
            started = startedDespite(e, claimed, asked, notes);
        }
        claims.started(claimed, started.instanceId());

        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("project", name.value());
        reply.put("generation", cycle.generation());
        reply.put("owner", owner);
        reply.put("instanceId", started.instanceId());
        reply.put("imageId", image.image().imageId());
        reply.put("imageSource", image.source());
        reply.put("imageGeneration", image.generation());
        reply.put("market", started.spot() ? "spot" : "on-demand");
        reply.put("fellBack", started.fellBack());
        reply.put("keyName", keyName);
        reply.put("cidr", opened.cidr());
        reply.put("closedSsh", opened.closed());
        reply.put("notes", notes);
        return reply;
    }

    private LaunchImages.Chosen choose(Optional<Project> existing, ProjectName name, LaunchAsk ask) {
        if (ask.fromGeneration() == null) {
            return images.newest(existing.orElse(null));
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
     * After the launch failed between the claim and a confirmed RunInstances: an error does not
     * prove that nothing started (the request may have reached EC2 and its response been lost). So
     * EC2 is asked for the cycle's box first. One that exists is recorded and the launch carries on
     * with it; only when there is none is the claim released as FAILED (launchable again). When EC2
     * cannot be asked, the claim stays LAUNCHING for the reconciler.
     */
    private BoxRunner.Started startedDespite(RuntimeException failure, Project claimed, LaunchAsk ask,
                                             List<String> notes) {
        CycleRef cycle = claimed.cycle();
        String reason = String.valueOf(failure.getMessage());
        Optional<InstanceView> found;
        try {
            found = lookForBox(cycle);
        } catch (RuntimeException lookup) {
            log.step("launch").cycle(cycle).with("error", reason).with("lookup", String.valueOf(lookup)).warn("unknown");
            throw new ControlRefusal(Kind.EC2, "The launch failed (" + reason + ") and devbox could not check whether"
                    + " EC2 started the box anyway (" + lookup.getMessage() + "): '" + cycle.project() + "' stays"
                    + " LAUNCHING until the pipeline's reconciler records the box or releases the launch; 'devbox"
                    + " wait " + cycle.project() + " --until running' follows it.");
        }
        if (found.isPresent()) {
            InstanceView box = found.get();
            notes.add("The launch reported an error (" + reason + "), but EC2 did start box " + box.instanceId()
                    + " for generation " + cycle.generation() + ": carrying on with it.");
            boolean spot = "spot".equals(box.tags().get(BoxRunner.TAG_MARKET));
            return new BoxRunner.Started(box.instanceId(), spot, ask.wantsSpot() && !spot);
        }
        try {
            claims.release(claimed, reason);
        } catch (RuntimeException release) {
            throw new ControlRefusal(Kind.EC2, "The launch failed (" + reason + ") and no box was started, but devbox"
                    + " could not release the claim (" + release.getMessage() + "): '" + cycle.project() + "' stays"
                    + " LAUNCHING until the pipeline's reconciler releases it.");
        }
        String released = "; no box was started (none carries generation " + cycle.generation() + "'s tags), so the"
                + " launch is released as FAILED: 'devbox launch " + cycle.project() + "' tries again.";
        if (failure instanceof DevboxException) {
            throw failure; // our own sentence already says what to do; it stays the one line
        }
        throw new ControlRefusal(Kind.EC2, Ec2Refusals.say(failure) + released);
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
}
