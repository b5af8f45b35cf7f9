package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        header = "Print the shell completion script.",
        description = "Print a completion script for bash (zsh runs it through bashcompinit), made by picocli from"
                + " devbox's own commands and options. A release installs it; from a checkout:",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox completion > ~/.local/share/bash-completion/completions/devbox",
            "  # zsh, in ~/.zshrc:  autoload -U +X bashcompinit && bashcompinit && source <(devbox completion)"})
public final class CompletionCommand extends DevboxCommand {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ui().out().print(AutoComplete.bash("devbox", spec.root().commandLine()));
        ui().out().flush();
        return ExitCode.OK;
    }
}
