package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectName;
import dev.devbox.domain.ProjectState;
import java.time.Duration;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "wait", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Wait until a project is READY (or running).",
        description = "Wait until PROJECT is READY (its last box saved as a project AMI), or with --until running until its box runs. Exits 8 if the project goes FAILED.",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox wait myproject", "  devbox wait myproject --until running --timeout 5"})
public final class WaitCommand extends DevboxCommand {
    enum Until { ready, running }

    @Parameters(paramLabel = "PROJECT", converter = ProjectNameConverter.class, description = "Project name.")
    ProjectName project;

    @Option(names = "--until", paramLabel = "STATE", defaultValue = "ready",
            description = "ready or running (default: ${DEFAULT-VALUE}).")
    Until until;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "60",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Override
    public Integer call() {
        ProjectState target = until == Until.ready ? ProjectState.READY : ProjectState.RUNNING;
        Project p = projects().await(project, Set.of(target), Duration.ofMinutes(timeoutMinutes), target.name());
        if (ui().json()) {
            ui().printJson(StatusCommand.summary(p));
        } else {
            ui().result(project + " is " + ui().style().state(p.state().name())
                    + (p.state() == ProjectState.READY ? " (AMI " + p.imageId() + ")" : " (box " + p.instanceId() + ")"));
        }
        return ExitCode.OK;
    }
}
