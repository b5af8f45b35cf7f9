package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Tell the whole story locally in under a minute.",
        description = "The whole story in under a minute, against a local emulator (no AWS account): launch a project, terminate it, watch the snapshots, the AMI and READY, relaunch from the project AMI, terminate again, delete, and check that nothing is left.",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox demo"})
public final class DemoCommand extends DevboxCommand {
    @Override
    public Integer call() throws Exception {
        return ExitCode.INTERNAL; // filled in with the emulator
    }
}
