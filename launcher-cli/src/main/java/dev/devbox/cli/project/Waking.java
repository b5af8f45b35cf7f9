package dev.devbox.cli.project;

import dev.devbox.cli.error.ConflictException;
import dev.devbox.cli.error.WaitTimeoutException;
import dev.devbox.control.read.BoxView;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * `devbox proxy --wake`: a saved project's box started for an ssh that connects to it, with its
 * last box's settings, everything said on stderr (stdout is ssh's connection). Several
 * connections at once (an editor opens a few) start one box: the control plane's claim lets one
 * launch through, and the others wait for its box.
 */
public final class Waking {
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Projects projects;
    private final Path home;

    public Waking(Projects projects, Path home) {
        this.projects = projects;
        this.home = home;
    }

    /** The project with its box running (and SSH answering, for the connection that started it). */
    public Projects.Detail start(Projects.Detail detail) {
        Project project = detail.project();
        WakeRule.refusal(project, projects.now()).ifPresent(message -> {
            throw new ConflictException(message);
        });
        if (project.state() == ProjectState.READY) {
            String stack = projects.aws().stackName();
            LastLaunch last = LastLaunch.read(home, stack, project.name().value()).orElseThrow(() ->
                    new ConflictException("devbox on this machine has no record of how '" + project.name() + "' was"
                            + " last launched, so a reconnecting ssh does not guess: run 'devbox launch "
                            + project.name() + "' once, then 'devbox ssh " + project.name() + "'."));
            projects.ui().info("devbox: starting '" + project.name() + "' for this connection (ssh-config --wake)"
                    + " as it was last launched: " + last.describe() + "...");
            LaunchRequest request = last.request(project.name(), home, TIMEOUT);
            try {
                projects.launch(request);
                return projects.look(project.name());
            } catch (ConflictException e) {
                projects.ui().info("devbox: another connection is starting '" + project.name() + "': waiting for it.");
            }
        }
        return running(project);
    }

    /** Until the project's box runs (started by another connection). */
    private Projects.Detail running(Project project) {
        Instant deadline = projects.now().plus(TIMEOUT);
        while (true) {
            Projects.Detail now = projects.look(project.name());
            if (now.project().state() == ProjectState.RUNNING && now.box().map(BoxView::address).isPresent()) {
                return now;
            }
            if (projects.now().isAfter(deadline)) {
                throw new WaitTimeoutException("'" + project.name() + "' did not start in " + TIMEOUT.toMinutes()
                        + " min: 'devbox status " + project.name() + "' says where it is.");
            }
            Projects.sleep(projects.pollInterval());
        }
    }
}
