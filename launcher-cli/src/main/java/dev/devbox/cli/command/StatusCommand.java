package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.cost.PriceTable;
import dev.devbox.cli.cost.SnapshotStorageEstimate;
import dev.devbox.cli.project.Insights;
import dev.devbox.cli.project.Projects;
import dev.devbox.cli.ui.Style;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.policy.Principals;
import dev.devbox.domain.RetainedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

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
        Project p = projects().require(project);
        List<RetainedImage> retained = projects().retainedImages(project);
        Optional<Instance> box = p.instanceId() != null
                && (p.state() == ProjectState.RUNNING || p.state() == ProjectState.LAUNCHING)
                ? projects().describeInstance(p.instanceId()) : Optional.empty();
        List<String> volumes = volumeSizes(p, box);
        Map<String, Object> json = summary(p);
        Insights insights = new Insights(projects());
        List<Insights.Generation> generations = insights.generations(List.of(p)).get(p.name().value());
        Optional<SnapshotStorageEstimate> storage = insights.storage(generations);
        BoxDetails details = box.filter(b -> b.state().name() == InstanceStateName.RUNNING
                || b.state().name() == InstanceStateName.PENDING).map(b -> BoxDetails.of(insights, b, true))
                .orElse(null);
        box.ifPresent(b -> {
            json.put("boxState", b.state().nameAsString());
            json.put("address", Projects.address(b));
            json.put("instanceType", b.instanceTypeAsString());
        });
        if (details != null) {
            details.putJson(json);
        }
        json.put("snapshotStorage", CostJson.storage(storage, insights.region()));
        json.put("volumes", volumes);
        List<Map<String, Object>> amis = new ArrayList<>();
        for (RetainedImage r : retained) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("imageId", r.imageId());
            m.put("generation", r.generation());
            m.put("recordedAt", r.recordedAt().toString());
            m.put("snapshotIds", r.snapshotIds());
            amis.add(m);
        }
        json.put("retainedImages", amis);
        String advice = box.filter(Projects::isStopped)
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
        row("Box", box.map(b -> b.instanceId() + " " + b.state().nameAsString() + " " + b.instanceTypeAsString()
                + " at " + Projects.address(b)).orElse(p.instanceId() == null ? "none" : p.instanceId() + " (ended)"));
        if (details != null) {
            row("Market", details.marketText());
            row("Idle", details.idle().summary());
            details.initialization().forEach(i -> row("Initializing", i.volumeId() + " " + i.summary()));
            row("Cost so far", details.costText());
        }
        row("AMI", p.imageId() == null ? "none yet (first launch starts from Ubuntu 24.04)"
                : p.imageId() + " (generation " + p.imageGeneration() + ")");
        row("Last saved", retained.isEmpty() ? "never" : retained.get(retained.size() - 1).recordedAt().toString());
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

    private void row(String label, String value) {
        ui().result(String.format("  %-14s %s", label, value));
    }

    private List<String> volumeSizes(Project p, Optional<Instance> box) {
        List<String> sizes = new ArrayList<>();
        if (box.isPresent()) {
            var ids = box.get().blockDeviceMappings().stream().filter(m -> m.ebs() != null)
                    .map(m -> m.ebs().volumeId()).toList();
            if (!ids.isEmpty()) {
                aws().ec2().describeVolumes(r -> r.volumeIds(ids)).volumes().forEach(v ->
                        sizes.add(v.attachments().stream().findFirst().map(a -> a.device()).orElse(v.volumeId())
                                + " " + v.size() + " GiB " + v.volumeTypeAsString()));
            }
            return sizes;
        }
        if (p.imageId() != null) {
            List<Image> images = aws().ec2().describeImages(r -> r.imageIds(p.imageId())).images();
            images.stream().flatMap(i -> i.blockDeviceMappings().stream()).filter(m -> m.ebs() != null)
                    .forEach(m -> sizes.add(m.deviceName() + " " + m.ebs().volumeSize() + " GiB "
                            + m.ebs().volumeTypeAsString()));
        }
        return sizes;
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
