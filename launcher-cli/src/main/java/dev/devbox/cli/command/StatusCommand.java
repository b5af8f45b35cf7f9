package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.cost.PriceTable;
import dev.devbox.cli.cost.SnapshotStorageEstimate;
import dev.devbox.cli.project.Insights;
import dev.devbox.cli.project.Projects;
import dev.devbox.cli.ui.Style;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.SessionEnding;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.policy.Principals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import dev.devbox.control.read.BoxView;
import dev.devbox.control.read.GenerationView;

@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show one project in detail.",
        description = "Show PROJECT in detail: state, box, AMI, last saved, volume sizes, retained AMIs; for a FAILED project, what happened and what to run.",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox status myproject", "  devbox status myproject --output json"})
public final class StatusCommand extends DevboxCommand {
    @Parameters(paramLabel = "PROJECT", converter = ProjectNameConverter.class, description = "Project name.")
    ProjectName project;

    @Override
    public Integer call() {
        Projects.Detail detail = projects().status(project);
        Project p = detail.project();
        Optional<BoxView> box = detail.box();
        List<GenerationView> retained = detail.generations();
        List<String> volumes = volumeSizes(p, box, retained);
        Map<String, Object> json = summary(p);
        Insights insights = new Insights(projects());
        Optional<SnapshotStorageEstimate> storage = insights.storage(retained);
        BoxDetails details = box.filter(BoxView::runningOrStarting).map(b -> BoxDetails.of(insights, b, true))
                .orElse(null);
        box.ifPresent(b -> {
            json.put("boxState", b.state());
            json.put("address", b.address());
            json.put("instanceType", b.instanceType());
        });
        if (details != null) {
            details.putJson(json);
        }
        json.put("snapshotStorage", CostJson.storage(storage, insights.region()));
        json.put("volumes", volumes);
        List<Map<String, Object>> amis = new ArrayList<>();
        for (GenerationView r : retained) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("imageId", r.imageId());
            m.put("generation", r.generation());
            m.put("recordedAt", r.recordedAt());
            m.put("snapshotIds", r.snapshotIds());
            amis.add(m);
        }
        json.put("retainedImages", amis);
        detail.lastEnding().ifPresent(e -> {
            Map<String, Object> ending = new LinkedHashMap<>();
            ending.put("generation", e.generation());
            ending.put("cause", e.cause().word());
            ending.put("at", e.at().toString());
            json.put("lastEnding", ending);
        });
        String advice = box.filter(BoxView::stopped)
                .map(b -> "The box was stopped outside devbox and its work is not saved yet: "
                        + Projects.stoppedBoxAdvice(p.name(), b.instanceId()))
                .orElseGet(() -> advice(p));
        if (advice != null) {
            json.put("advice", advice);
        }
        if (ui().json()) {
            ui().printJson(json);
            return ExitCode.OK;
        }
        Style s = ui().style();
        ui().result(s.bold(p.name().value()) + "  " + s.state(p.state().name()) + "  (generation " + p.generation()
                + ", since " + p.stateSince() + ")");
        row("Box", box.map(b -> b.instanceId() + " " + b.state() + " " + b.instanceType()
                + " at " + b.address()).orElse(p.instanceId() == null ? "none" : p.instanceId() + " (ended)"));
        if (details != null) {
            row("Market", details.marketText());
            row("Idle", details.idle().summary());
            details.initialization().forEach(i -> row("Initializing", i.volumeId() + " " + i.summary()));
            row("Cost so far", details.costText());
        }
        row("AMI", p.imageId() == null ? "none yet (first launch starts from Ubuntu 24.04)"
                : p.imageId() + " (generation " + p.imageGeneration() + ")");
        detail.lastEnding().ifPresent(e -> row("Last ended", "generation " + e.generation() + " at " + e.at()
                + ": " + endingText(e.cause())));
        row("Last saved", retained.isEmpty() ? "never" : retained.get(retained.size() - 1).recordedAt());
        row("Volumes", volumes.isEmpty() ? "-" : String.join(", ", volumes));
        row("Retained AMIs", retained.isEmpty() ? "none" : String.join(", ",
                retained.stream().map(r -> r.imageId() + " (g" + r.generation() + ")").toList()));
        if (p.pendingImageId() != null) {
            row("Pending AMI", p.pendingImageId());
        }
        row("Storage", CostJson.storageText(storage, insights.region()));
        if (p.owner() != null) {
            row("Owner", Principals.name(p.owner()) + (p.owner().equals(Principals.name(p.owner())) ? ""
                    : " (" + p.owner() + ")"));
        }
        p.failed().ifPresent(f -> row(s.red("Failed"), "while " + f.stage() + ": " + f.reason()));
        if (advice != null) {
            ui().result("");
            ui().result(advice);
        }
        ui().result("");
        ui().result(s.dim("Costs are estimates: " + PriceTable.BASIS + "; snapshots counted at their volumes' full"
                + " size (an upper bound: only used, changed blocks are stored); data transfer and CPU credits"
                + " not included."));
        return ExitCode.OK;
    }

    /** The pipeline's side only: the box's own record of an idle or Spot ending is on its disk (the login message). */
    static String endingText(SessionEnding.Cause cause) {
        return switch (cause) {
            case CLI -> "devbox terminate";
            case API -> "terminated from the AWS console or API";
            case INSIDE -> "powered off from inside (the idle timer, or shutdown/poweroff)";
            case SPOT -> "Spot interruption";
            case UNKNOWN -> "a reason EC2 gave that devbox does not know";
        };
    }

    private void row(String label, String value) {
        ui().result(String.format("  %-14s %s", label, value));
    }

    /** The running box's volumes, else the disks of the AMI the next launch starts from. */
    private static List<String> volumeSizes(Project p, Optional<BoxView> box, List<GenerationView> retained) {
        if (box.isPresent()) {
            return box.get().volumes().stream().map(v -> v.device() + " " + v.sizeGiB() + " GiB " + v.type()).toList();
        }
        return retained.stream().filter(GenerationView::current).flatMap(g -> g.disks().stream())
                .map(d -> d.device() + " " + d.sizeGiB() + " GiB " + d.type()).toList();
    }

    /** What the user can do next, when there is something to say. */
    static String advice(Project p) {
        String n = p.name().value();
        return switch (p.state()) {
            case FAILED -> "What to do: " + p.failed().map(f -> switch (f.stage()) {
                case LAUNCHING -> "the box did not start (" + f.reason() + "). Fix the cause, then 'devbox launch " + n + "'.";
                case RUNNING, SNAPSHOTTING, IMAGING -> "saving the last box failed in " + f.stage() + "; its volumes"
                        + " are kept (nothing was deleted). 'devbox launch " + n + "' starts from "
                        + (p.imageId() == null ? "Ubuntu 24.04" : "the last good AMI " + p.imageId())
                        + " without that box's changes; the kept volumes can be attached to it by hand.";
                default -> "'devbox launch " + n + "' starts a new box.";
            }).orElse("'devbox launch " + n + "' starts a new box.");
            case SNAPSHOTTING, IMAGING -> "Saving the last box: 'devbox wait " + n + "' follows it.";
            case LAUNCHING -> "A launch is under way: 'devbox wait " + n + " --until running'.";
            default -> null;
        };
    }

    /** The fields `list` and `status` share in JSON. */
    static Map<String, Object> summary(Project p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("project", p.name().value());
        m.put("state", p.state().name());
        m.put("generation", p.generation());
        m.put("stateSince", p.stateSince().toString());
        m.put("instanceId", p.instanceId());
        m.put("imageId", p.imageId());
        m.put("imageGeneration", p.imageGeneration());
        m.put("pendingImageId", p.pendingImageId());
        m.put("owner", p.owner());
        m.put("ownerName", p.owner() == null ? null : Principals.name(p.owner()));
        p.failed().ifPresent(f -> {
            m.put("failureStage", f.stage().name());
            m.put("failureReason", f.reason());
        });
        return m;
    }
}
