package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.AbortedException;
import dev.devbox.cli.project.DeleteSummary;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true,
        header = "Delete a project and all its saved work.",
        description = "Delete PROJECT for good: its project AMIs, their snapshots, leftover volumes and its records. Only resources devbox created; never a base AMI. Refused while a box runs.",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox delete myproject", "  devbox delete myproject --yes"})
public final class DeleteCommand extends DevboxCommand {
    @Parameters(paramLabel = "PROJECT", converter = ProjectNameConverter.class, description = "Project name.")
    ProjectName project;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
        Project p = projects().require(project);
        projects().checkDeletable(p);
        if (!yes && !ui().confirm("Delete project '" + project + "' and all its saved work (AMIs, snapshots)?"
                + " This cannot be undone.")) {
            throw new AbortedException("Not deleted" + (env().terminal() ? "." : ": pass --yes to delete without a prompt."));
        }
        DeleteSummary summary = projects().delete(p);
        if (ui().json()) {
            ui().printJson(summary);
        } else {
            ui().result(ui().style().green("✓") + " Deleted " + project + ": " + summary.images().size() + " AMI(s), "
                    + summary.snapshots().size() + " snapshot(s), " + summary.volumes().size() + " volume(s), and its records.");
            summary.skipped().forEach(s -> ui().info("  skipped " + s));
        }
        return ExitCode.OK;
    }
}
