package dev.devbox.cli.command;

import dev.devbox.cli.Devbox;
import dev.devbox.cli.Environment;
import dev.devbox.cli.aws.AwsSession;
import dev.devbox.cli.project.Projects;
import dev.devbox.cli.ui.Ui;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** What every subcommand shares: the root's options, output and AWS session. */
abstract class DevboxCommand implements Callable<Integer> {
    @ParentCommand
    Devbox root;

    private Projects projects;

    Ui ui() {
        return root.ui();
    }

    AwsSession aws() {
        return root.aws();
    }

    Environment env() {
        return root.environment();
    }

    /** The project operations against the stack's table and EC2 (builds clients on first use). */
    Projects projects() {
        if (projects == null) {
            projects = new Projects(aws(), ui(), java.util.Optional.ofNullable(root.owner()));
        }
        return projects;
    }
}
