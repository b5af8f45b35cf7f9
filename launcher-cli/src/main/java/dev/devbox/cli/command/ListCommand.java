package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.ui.Style;
import dev.devbox.domain.Project;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        header = "List the projects and their state.",
        description = "List the projects of the stack: state, box, AMI and when the state was entered.",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox list", "  devbox list --output json | jq -r '.[] | select(.state==\"RUNNING\") | .project'"})
public final class ListCommand extends DevboxCommand {
    @Override
    public Integer call() {
        List<Project> all = projects().list();
        if (ui().json()) {
            ui().printJson(all.stream().map(StatusCommand::summary).toList());
            return ExitCode.OK;
        }
        if (all.isEmpty()) {
            ui().result("No projects yet in stack '" + aws().stackName() + "': 'devbox launch NAME' starts one.");
            return ExitCode.OK;
        }
        Style s = ui().style();
        String format = "%-24s %-13s %5s  %-20s %-22s %s";
        ui().result(s.bold(String.format(format, "PROJECT", "STATE", "GEN", "BOX", "AMI", "SINCE")));
        Instant now = ui().clock().instant();
        for (Project p : all) {
            String state = String.format("%-13s", p.state().name());
            ui().result(String.format("%-24s ", p.name()) + s.state(state) + String.format(" %5d  %-20s %-22s %s",
                    p.generation(), dash(p.instanceId()), dash(p.imageId()), ago(p.stateSince(), now)));
        }
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
