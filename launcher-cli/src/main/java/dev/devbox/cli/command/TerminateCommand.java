package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "terminate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Terminate a project's box; its work is saved.",
        description = "Terminate the box of PROJECT, running or stopped, exactly as the EC2 console would. The pipeline then snapshots its volumes into a new project AMI; --wait follows it until the project is READY.",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox terminate myproject", "  devbox terminate myproject --wait"})
public final class TerminateCommand extends DevboxCommand {
    @Parameters(paramLabel = "PROJECT", converter = ProjectNameConverter.class, description = "Project name.")
    ProjectName project;

    @Option(names = "--wait", description = "Wait until the work is saved (READY).")
    boolean await;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "60",
            description = "With --wait: give up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Override
    public Integer call() {
        Project p = projects().require(project);
        String instanceId = projects().terminate(p);
        ui().info(ui().style().green("✓") + " Terminating " + instanceId + " of " + project
                + (await ? "" : ": its work is being saved; 'devbox wait " + project + "' follows it."));
        Project end = p;
        if (await) {
            end = projects().await(project, Set.of(ProjectState.READY), Duration.ofMinutes(timeoutMinutes),
                    "READY (work saved)");
            ui().result(ui().style().green("✓") + " " + project + " is READY: saved as " + end.imageId()
                    + " (generation " + end.generation() + "). 'devbox launch " + project + "' resumes it.");
        }
        if (ui().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("project", project.value());
            json.put("instanceId", instanceId);
            json.put("state", end.state().name());
            json.put("imageId", end.imageId());
            ui().printJson(json);
        }
        return ExitCode.OK;
    }
}
