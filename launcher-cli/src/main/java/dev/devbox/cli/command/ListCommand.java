package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.cost.PriceTable;
import dev.devbox.cli.cost.SnapshotStorageEstimate;
import dev.devbox.cli.cost.Usd;
import dev.devbox.cli.project.Insights;
import dev.devbox.cli.project.Projects;
import dev.devbox.cli.ui.Style;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import dev.devbox.domain.policy.Principals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.devbox.control.read.BoxView;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        header = "List the projects and their state.",
        description = "List your projects in the stack (--owner NAME: that developer's, --all: everyone's): state, box, AMI, when the state was entered, the estimated"
                + " monthly cost of its saved snapshots and, for a running box, its market (Spot or on demand) and"
                + " cost so far. Estimates use AWS list prices built into devbox ('devbox status' states the date"
                + " and assumptions).",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox list", "  devbox list --output json | jq -r '.[] | select(.state==\"RUNNING\") | .project'"})
public final class ListCommand extends DevboxCommand {
    @Option(names = "--all", description = "Every developer's projects, with their owners (admins of the stack only).")
    boolean everyone;

    @Override
    public Integer call() {
        List<Projects.Detail> all = projects().list(everyone);
        if (all.isEmpty()) {
            if (ui().json()) {
                ui().printJson(List.of());
            } else {
                ui().result("No projects yet in stack '" + aws().stackName() + "': 'devbox launch NAME' starts one.");
            }
            return ExitCode.OK;
        }
        Insights insights = new Insights(projects());
        Map<String, BoxDetails> details = new HashMap<>();
        Map<String, Optional<SnapshotStorageEstimate>> storage = new HashMap<>();
        for (Projects.Detail d : all) {
            String name = d.key(); // two owners' web in an admin's --all are two rows
            d.box().filter(BoxView::runningOrStarting).ifPresent(b -> details.put(name, BoxDetails.of(insights, b, false)));
            storage.put(name, insights.storage(d.generations()));
        }

        if (ui().json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Projects.Detail detail : all) {
                Project p = detail.project();
                Map<String, Object> row = StatusCommand.summary(p);
                row.put("retainedGenerations", detail.generations().size());
                row.put("key", detail.key());
                row.put("snapshotStorage", CostJson.storage(storage.get(detail.key()), insights.region()));
                detail.box().ifPresent(box -> row.put("boxState", box.state()));
                BoxDetails d = details.get(detail.key());
                if (d != null) {
                    d.putJson(row);
                }
                rows.add(row);
            }
            ui().printJson(rows);
            return ExitCode.OK;
        }
        Style s = ui().style();
        String format = "%-24s %-13s %5s  %-20s %-22s %-12s %-11s %s";
        ui().result(s.bold(String.format(format, "PROJECT", "STATE", "GEN", "BOX", "AMI", "SINCE", "STORAGE",
                "BOX COST")));
        Instant now = ui().clock().instant();
        for (Projects.Detail detail : all) {
            Project p = detail.project();
            String state = String.format("%-13s", p.state().name());
            BoxDetails d = details.get(detail.key());
            String boxCost = detail.box().filter(BoxView::stopped).isPresent() ? "stopped: 'devbox terminate' saves it"
                    : d == null ? "-" : d.cost().map(c -> Usd.format(c.totalUsd())).orElse("?")
                    + (d.spot() ? " spot" : "");
            String name = everyone && p.owner() != null ? p.name() + " (" + Principals.name(p.owner()) + ")"
                    : p.name().value();
            ui().result(String.format("%-24s ", name) + s.state(state) + String.format(
                    " %5d  %-20s %-22s %-12s %-11s %s", p.generation(), dash(p.instanceId()), dash(p.imageId()),
                    ago(p.stateSince(), now), CostJson.storageCell(storage.get(detail.key())), boxCost));
        }
        ui().result(s.dim("STORAGE: estimated monthly cost of the saved snapshots (≤: at most); BOX COST: the"
                + " running box so far. " + PriceTable.BASIS + "."));
        return ExitCode.OK;
    }

    static String dash(String s) {
        return s == null ? "-" : s;
    }

    static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h ago";
        }
        return d.toDays() + " days ago";
    }
}
