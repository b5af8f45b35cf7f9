package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import picocli.CommandLine.Command;

@Command(name = "local", mixinStandardHelpOptions = true,
        header = "Run a local AWS emulator with the pipeline; print its env.",
        description = "Run an embedded AWS emulator (moto + DynamoDB Local), the three pipeline handlers and a local event source in this foreground process, with a devbox stack bootstrapped in it. Prints the environment to use as shell export lines; with them set, every devbox command and any AWS client sees the same world, and terminating an instance through any client runs the real pipeline. Ctrl-C stops it (the world is in memory and goes with it).",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox local                     then, in another shell, paste the export lines:",
            "  devbox launch demo && devbox terminate demo --wait && devbox launch demo"})
public final class LocalCommand extends DevboxCommand {
    @Override
    public Integer call() throws Exception {
        return ExitCode.INTERNAL; // filled in with the emulator
    }
}
