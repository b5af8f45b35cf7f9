package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.project.Projects;
import dev.devbox.control.read.GenerationView;
import dev.devbox.cli.ui.Style;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "history", mixinStandardHelpOptions = true,
        header = "List the saved generations of a project (for rollback).",
        description = "List the project AMIs that PROJECT retains, oldest first: generation, when it was saved,"
                + " its size (GiB, from the AMI's block device mappings) and which one is current (what the next"
                + " 'devbox launch' starts from). 'devbox launch PROJECT --from GENERATION' starts from an older one;"
                + " the next save is then a new, newest generation, and nothing is deleted by the rollback itself"
                + " (retention keeps the newest N, as after any save).",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox history myproject",
            "  devbox history myproject --output json | jq '.generations[] | select(.current) | .generation'",
            "  devbox launch myproject --from 3     start from generation 3"})
public final class HistoryCommand extends DevboxCommand {
    @Parameters(paramLabel = "PROJECT", converter = ProjectNameConverter.class, description = "Project name.")
    ProjectName project;

    @Override
    public Integer call() {
        Projects.Detail detail = projects().history(project);
        Project p = detail.project();
        List<GenerationView> gens = detail.generations();
        if (ui().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("project", p.name().value());
            json.put("currentGeneration", p.imageGeneration());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (GenerationView g : gens) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("generation", g.generation());
                row.put("imageId", g.imageId());
                row.put("recordedAt", g.recordedAt());
                row.put("sizeGiB", g.sizeGiB());
                row.put("current", g.current());
                rows.add(row);
            }
            json.put("generations", rows);
            ui().printJson(json);
            return ExitCode.OK;
        }
        if (gens.isEmpty()) {
            ui().result("'" + p.name() + "' has no saved generation yet: its first save happens when its box ends.");
            return ExitCode.OK;
        }
        Style s = ui().style();
        String format = "%5s  %-21s %-22s %8s  %s";
        ui().result(s.bold(String.format(format, "GEN", "SAVED", "AMI", "SIZE", "")));
        for (GenerationView g : gens) {
            ui().result(String.format(format, g.generation(), g.recordedAt(), g.imageId(),
                    g.sizeGiB() == null ? "?" : g.sizeGiB() + " GiB",
                    g.current() ? s.green("current") : ""));
        }
        ui().result("");
        ui().result("'devbox launch " + p.name() + " --from GEN' starts from an older one; the next save becomes"
                + " generation " + (p.generation() + 1) + " or later, and nothing is deleted by the rollback.");
        return ExitCode.OK;
    }
}
