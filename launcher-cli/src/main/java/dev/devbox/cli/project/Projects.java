package dev.devbox.cli.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.devbox.cli.aws.AwsSession;
import dev.devbox.cli.aws.StackOutputs;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.error.ProjectFailedException;
import dev.devbox.cli.error.WaitTimeoutException;
import dev.devbox.cli.ui.Progress;
import dev.devbox.cli.ui.Ui;
import dev.devbox.control.ProjectRemover;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.RetainedImage;
import dev.devbox.domain.policy.Caller;
import dev.devbox.domain.policy.ForeignProjectException;
import dev.devbox.domain.policy.ProjectAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The project operations behind the commands, against the stack's table and EC2. Reads go
 * through shared's stores; every destructive EC2 call is preceded by a check of devbox's own tags.
 */
public final class Projects {
    public static final String SSH_USER = "ubuntu";

    private final AwsSession aws;
    private final Ui ui;
    private final Optional<String> ownerFlag;
    private Stores stores;
    private ProjectAccess access;

    /** {@code ownerFlag}: the owner named with --owner (admins only), empty for the caller's own projects. */
    public Projects(AwsSession aws, Ui ui, Optional<String> ownerFlag) {
        this.aws = aws;
        this.ui = ui;
        this.ownerFlag = ownerFlag;
    }

    public AwsSession aws() {
        return aws;
    }

    public Ui ui() {
        return ui;
    }

    public StackOutputs stack() {
        return aws.stack();
    }

    public synchronized Stores stores() {
        if (stores == null) {
            stores = Stores.open(aws.dynamo(), stack().tableName());
        }
        return stores;
    }

    public Instant now() {
        return ui.clock().instant();
    }

    /** How often waits poll: quickly against a local emulator, gently against AWS. */
    public Duration pollInterval() {
        return aws.endpointOverridden() ? Duration.ofMillis(200) : Duration.ofSeconds(3);
    }

    public Optional<Project> find(ProjectName name) {
        stack(); // a missing stack is the clearer error
        return stores().projects().find(name);
    }

    /** Who calls, and for whom: refuses --owner for anyone but an admin, before anything else. */
    public synchronized ProjectAccess access() {
        if (access == null) {
            access = new ProjectAccess(Caller.of(aws.principal(), stack().policy()), ownerFlag);
        }
        return access;
    }

    /** The project, if it exists and the caller may act on it; refuses another developer's project. */
    public Project require(ProjectName name) {
        Project project = find(name).orElseThrow(() -> new NotFoundException("No project '" + name + "' in stack '"
                + aws.stackName() + "': 'devbox list' shows the projects, 'devbox launch " + name + "' creates it."));
        return access().check(project);
    }

    /** Every project of the stack, whoever owns it: for the rules that count across owners. */
    public List<Project> list() {
        stack();
        return stores().projects().list();
    }

    /** The caller's projects (or the named owner's); with {@code all}, everyone's, for admins only. */
    public List<Project> visible(boolean all) {
        ProjectAccess who = access();
        if (all && !who.caller().admin()) {
            throw new ForeignProjectException("Only an admin of this stack sees every developer's projects"
                    + " (--all): you are " + who.caller().name() + ".");
        }
        return list().stream().filter(p -> all || who.mine(p)).toList();
    }

    public List<RetainedImage> retainedImages(ProjectName name) {
        return stores().cycles().retainedImages(name);
    }

    public LaunchResult launch(LaunchRequest request) {
        return new Launcher(this).launch(request);
    }

    /** Refuses (CONFLICT) while a box runs or a save is under way; before any prompt. */
    /** Refuses, before any prompt, a project whose box runs or is being saved. */
    public void checkDeletable(Project project) {
        ProjectRemover.checkDeletable(project);
    }

    /** Deletes the project's AMIs, snapshots, leftover volumes and records, through the control plane. */
    public DeleteSummary delete(Project project) {
        JsonNode reply = aws.control().call("delete", project.name().value(), ownerFlag);
        return new DeleteSummary(reply.path("project").asText(project.name().value()), strings(reply.path("images")),
                strings(reply.path("snapshots")), strings(reply.path("volumes")), strings(reply.path("skipped")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    public Optional<Instance> describeInstance(String instanceId) {
        try {
            return aws.ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                    .flatMap(r -> r.instances().stream()).findFirst();
        } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
            if (e.awsErrorDetails() != null && "InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
    }

    /** The address ssh should use: public IP, public DNS, else private IP (VPN or peered setups). */
    public static String address(Instance instance) {
        if (instance.publicIpAddress() != null) {
            return instance.publicIpAddress();
        }
        if (instance.publicDnsName() != null && !instance.publicDnsName().isEmpty()) {
            return instance.publicDnsName();
        }
        return instance.privateIpAddress();
    }

    /**
     * The box of a project's open cycle as EC2 reports it, in whatever state; a clear "no box"
     * error when the project has none.
     */
    public Instance currentBox(Project project) {
        if (project.state() != ProjectState.RUNNING || project.instanceId() == null) {
            throw new NotFoundException("Project '" + project.name() + "' has no running box (it is "
                    + project.state() + "): start one with 'devbox launch " + project.name() + "'.");
        }
        return describeInstance(project.instanceId()).orElseThrow(() -> new NotFoundException(
                "The box " + project.instanceId() + " of '" + project.name() + "' no longer exists in EC2."));
    }

    /** The running (or starting) box of a project, or a clear error saying what its box is doing instead. */
    public Instance runningBox(Project project) {
        Instance instance = currentBox(project);
        InstanceStateName state = instance.state().name();
        if (isStopped(instance)) {
            throw new NotFoundException("The box " + instance.instanceId() + " of '" + project.name() + "' is "
                    + state + ": " + stoppedBoxAdvice(project.name(), instance.instanceId()));
        }
        if (state != InstanceStateName.RUNNING && state != InstanceStateName.PENDING) {
            throw new NotFoundException("The box " + project.instanceId() + " of '" + project.name() + "' is "
                    + state + ": its work is being saved; 'devbox wait " + project.name() + "' follows it.");
        }
        return instance;
    }

    /**
     * True for a box stopped outside devbox (stop-instances, the console): its volumes still hold
     * the work, nothing saves them until the box is terminated.
     */
    public static boolean isStopped(Instance box) {
        InstanceStateName state = box.state().name();
        return state == InstanceStateName.STOPPING || state == InstanceStateName.STOPPED;
    }

    /** What to do with a stopped box: the same sentence in every command that meets one. */
    public static String stoppedBoxAdvice(ProjectName project, String instanceId) {
        return "'devbox terminate " + project + "' saves it (or 'aws ec2 start-instances --instance-ids "
                + instanceId + "' starts it again).";
    }

    /**
     * Ends the project's box, running or stopped, through the control plane, which checks that the
     * box carries this cycle's and owner's tags and records its device mapping first. The pipeline
     * saves a terminated box whatever state it was in before.
     *
     * @return the id of the box now terminating
     */
    public String terminate(Project project) {
        JsonNode reply = aws.control().call("terminate", project.name().value(), ownerFlag);
        LaunchControl.reportClosed(ui, reply);
        return reply.path("instanceId").asText();
    }

    /**
     * Polls the project until it reaches one of {@code targets}; FAILED ends the wait with
     * {@link ProjectFailedException} (unless FAILED is a target).
     */
    public Project await(ProjectName name, Set<ProjectState> targets, Duration timeout, String goal) {
        Instant deadline = now().plus(timeout);
        ProjectState last = null;
        require(name); // not found, or not the caller's: said before any progress line
        try (Progress progress = ui.progress("Waiting for '" + name + "' to be " + goal)) {
            while (true) {
                Project project = require(name);
                if (project.state() != last) {
                    last = project.state();
                    progress.update(name + ": " + describe(project));
                }
                if (targets.contains(project.state())) {
                    progress.done(name + " is " + project.state());
                    return project;
                }
                if (project.state() == ProjectState.FAILED) {
                    progress.fail(name + " FAILED");
                    throw new ProjectFailedException("Project '" + name + "' FAILED"
                            + project.failed().map(f -> " while " + f.stage() + ": " + f.reason()).orElse("")
                            + ". 'devbox status " + name + "' says what to do.");
                }
                if (now().isAfter(deadline)) {
                    progress.fail("gave up waiting");
                    throw new WaitTimeoutException("'" + name + "' is still " + project.state() + " after "
                            + timeout.toMinutes() + " min: 'devbox wait " + name + "' keeps waiting.");
                }
                sleep(pollInterval());
            }
        }
    }

    /** A short phrase for a state, as progress shows it. */
    public static String describe(Project project) {
        return switch (project.state()) {
            case LAUNCHING -> "LAUNCHING (starting the box)";
            case RUNNING -> "RUNNING (box " + project.instanceId() + ")";
            case SNAPSHOTTING -> "SNAPSHOTTING (saving volumes: " + project.pendingSnapshots() + " snapshot(s) to go)";
            case IMAGING -> "IMAGING (registering the project AMI"
                    + (project.pendingImageId() == null ? "" : " " + project.pendingImageId()) + ")";
            case READY -> "READY (AMI " + project.imageId() + ")";
            case FAILED -> "FAILED";
        };
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
