package dev.devbox.cli.project;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.devbox.cli.aws.AwsSession;
import dev.devbox.cli.aws.StackOutputs;
import dev.devbox.cli.error.AwsFailureException;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.error.ProjectFailedException;
import dev.devbox.cli.error.WaitTimeoutException;
import dev.devbox.cli.ui.Progress;
import dev.devbox.cli.ui.Ui;
import dev.devbox.control.ProjectRemover;
import dev.devbox.control.read.BoxView;
import dev.devbox.control.read.GenerationView;
import dev.devbox.control.read.ProjectView;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.SessionEnding;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The project operations behind the commands, each a request to the stack's control plane, which
 * decides whose projects the caller sees and acts on: the CLI reads nothing of EC2 or the table
 * itself, and renders what the control plane answers.
 */
public final class Projects {
    /** A newer stack may add fields: the CLI reads what it knows. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final AwsSession aws;
    private final Ui ui;
    private final Optional<String> ownerFlag;

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

    /** The owner named with --owner, sent with every request; the control plane refuses it to non-admins. */
    public Optional<String> ownerFlag() {
        return ownerFlag;
    }

    public Instant now() {
        return ui.clock().instant();
    }

    /** How often waits poll: quickly against a local emulator, gently against AWS. */
    public Duration pollInterval() {
        return aws.endpointOverridden() ? Duration.ofMillis(200) : Duration.ofSeconds(3);
    }

    /**
     * A project with its record key, its box (where it has one the control plane verified as the
     * project's own) and its saved generations (for `list` and `status`; empty where the action does not read them).
     */
    public record Detail(Project project, String key, Optional<BoxView> box, List<GenerationView> generations,
                         Optional<SessionEnding> lastEnding) {
    }

    /** The project and its box's basics, if the caller may see it; else not found or another developer's. */
    public Detail look(ProjectName name) {
        return detail(call("project", name.value(), Map.of()));
    }

    /** The project, if it exists and the caller may act on it; refuses another developer's project. */
    public Project require(ProjectName name) {
        return look(name).project();
    }

    /** The caller's projects (or the named owner's); with {@code all}, everyone's (admins only). */
    public List<Detail> list(boolean all) {
        List<Detail> rows = new ArrayList<>();
        call("list", null, Map.of("all", all)).path("projects").forEach(row -> rows.add(detail(row)));
        return rows;
    }

    /** One project in detail: its box with volumes, idle timer and Spot price, and its retained generations. */
    public Detail status(ProjectName name) {
        return detail(call("status", name.value(), Map.of()));
    }

    /** The project and its retained generations, oldest first. */
    public Detail history(ProjectName name) {
        return detail(call("history", name.value(), Map.of()));
    }

    private JsonNode call(String action, String project, Map<String, ?> fields) {
        return aws.control().call(action, project, ownerFlag, fields);
    }

    /** How the project's last box ended, for the next box's login message; empty for a new project. */
    public Optional<SessionEnding> lastEnding(ProjectName name) {
        try {
            return look(name).lastEnding();
        } catch (dev.devbox.cli.error.DevboxException e) {
            // A new project (not found), or one the launch itself will refuse in its own words.
            return Optional.empty();
        }
    }

    /** Absent from a control plane older than this devbox, and for a project with no ended box. */
    private static Optional<SessionEnding> lastEnding(JsonNode ending) {
        if (!ending.isObject()) {
            return Optional.empty();
        }
        String cause = ending.path("cause").asText();
        return java.util.Arrays.stream(SessionEnding.Cause.values()).filter(c -> c.word().equals(cause)).findFirst()
                .map(c -> new SessionEnding(ending.path("generation").asLong(), c,
                        java.time.Instant.parse(ending.path("at").asText())));
    }

    private static Detail detail(JsonNode reply) {
        try {
            ProjectView view = JSON.treeToValue(reply.path("project"), ProjectView.class);
            Project project = view.toProject();
            JsonNode box = reply.path("box");
            List<GenerationView> generations = new ArrayList<>();
            for (JsonNode g : reply.path("generations")) {
                generations.add(JSON.treeToValue(g, GenerationView.class));
            }
            return new Detail(project, view.key() == null ? view.project() : view.key(), box.isObject() ? Optional.of(JSON.treeToValue(box, BoxView.class))
                    : Optional.empty(), generations, lastEnding(reply.path("lastEnding")));
        } catch (IOException | RuntimeException e) {
            throw new AwsFailureException("The control plane's answer could not be read (" + e.getMessage()
                    + "): is this devbox older than the stack? Update it.", e);
        }
    }

    public LaunchResult launch(LaunchRequest request) {
        return new Launcher(this).launch(request);
    }

    /** Refuses, before any prompt, a project whose box runs or is being saved. */
    public void checkDeletable(Project project) {
        ProjectRemover.checkDeletable(project);
    }

    /** Deletes the project's AMIs, snapshots, leftover volumes and records, through the control plane. */
    public DeleteSummary delete(Project project) {
        JsonNode reply = call("delete", project.name().value(), Map.of());
        return new DeleteSummary(reply.path("project").asText(project.name().value()), strings(reply.path("images")),
                strings(reply.path("snapshots")), strings(reply.path("volumes")), strings(reply.path("skipped")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * The box of a project's open cycle, in whatever state; a clear "no box" error when the project
     * has none.
     */
    public BoxView currentBox(Detail detail) {
        Project project = detail.project();
        if (project.state() != ProjectState.RUNNING || project.instanceId() == null) {
            throw new NotFoundException("Project '" + project.name() + "' has no running box (it is "
                    + project.state() + "): start one with 'devbox launch " + project.name() + "'.");
        }
        return detail.box().orElseThrow(() -> new NotFoundException(
                "The box " + project.instanceId() + " of '" + project.name() + "' no longer exists in EC2."));
    }

    /** The running (or starting) box of a project, or a clear error saying what its box is doing instead. */
    public BoxView runningBox(Detail detail) {
        BoxView box = currentBox(detail);
        ProjectName name = detail.project().name();
        if (box.stopped()) {
            throw new NotFoundException("The box " + box.instanceId() + " of '" + name + "' is "
                    + box.state() + ": " + stoppedBoxAdvice(name, box.instanceId()));
        }
        if (!box.runningOrStarting()) {
            throw new NotFoundException("The box " + box.instanceId() + " of '" + name + "' is "
                    + box.state() + ": its work is being saved; 'devbox wait " + name + "' follows it.");
        }
        return box;
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
        JsonNode reply = call("terminate", project.name().value(), Map.of());
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
