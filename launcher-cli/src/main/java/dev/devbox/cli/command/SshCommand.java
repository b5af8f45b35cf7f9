package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.error.UsageException;
import dev.devbox.cli.project.Projects;
import dev.devbox.cli.ssh.LocalPrograms;
import dev.devbox.cli.ssh.LocalPublicKey;
import dev.devbox.cli.ssh.ProxyCommandLine;
import dev.devbox.cli.ssh.SshArguments;
import dev.devbox.domain.ProjectName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import dev.devbox.control.read.BoxView;

@Command(name = "ssh", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Connect to a project's box with ssh.",
        description = "Connect to the running box of PROJECT with ssh (as the project's user, ubuntu unless it was launched with --ssh-user or an image naming another; your devbox key). Arguments after -- go to ssh: its options (port forwards, -v, ...) and then a remote command.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  devbox ssh myproject",
            "  devbox ssh myproject -- -L 8080:localhost:8080",
            "  devbox ssh myproject -- -t htop    run a command on the box",
            "  devbox ssh myproject --print      show the ssh command instead of running it"})
public final class SshCommand extends DevboxCommand {
    @Parameters(index = "0", paramLabel = "PROJECT", converter = ProjectNameConverter.class,
            description = "Project name.")
    ProjectName project;

    @Parameters(index = "1..*", paramLabel = "SSH_ARGS", description = "ssh options and a remote command, after --.")
    List<String> sshArgs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Option(names = {"-l", "--user"}, paramLabel = "USER",
            description = "Login user (default: the project's, which 'devbox launch --ssh-user' or the image's"
                    + " devbox:ssh-user tag set; else ubuntu).")
    String user;

    @Option(names = "--print", description = "Print the ssh command line instead of running it.")
    boolean print;

    @Override
    public Integer call() throws IOException, InterruptedException {
        requireDashDashBeforeSshArguments();
        Projects.Detail detail = projects().look(project);
        BoxView box = projects().runningBox(detail);
        List<String> command = command(box, user != null ? user : detail.project().loginUser());
        if (print || ui().json()) {
            if (ui().json()) {
                ui().printJson(java.util.Map.of("project", project.value(), "instanceId", box.instanceId(),
                        "address", String.valueOf(box.address()), "command", command));
            } else {
                ui().result(String.join(" ", command));
            }
            return ExitCode.OK;
        }
        Path ssh = LocalPrograms.find(env(), "ssh").orElseThrow(() -> new ConfigurationException(
                "Cannot find 'ssh' on PATH: install an OpenSSH client, or run: " + String.join(" ", command)));
        List<String> argv = new ArrayList<>(command);
        argv.set(0, ssh.toString());
        Process process;
        try {
            process = new ProcessBuilder(argv).inheritIO().start();
        } catch (IOException e) {
            throw new ConfigurationException("Cannot run 'ssh' (" + e.getMessage() + "): install an OpenSSH client.", e);
        }
        return process.waitFor();
    }

    List<String> command(BoxView box, String login) {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        Optional<LocalPublicKey> key = LocalPublicKey.discover(env().home());
        key.filter(k -> k.keyPairName().equals(box.keyName())).flatMap(LocalPublicKey::privateKeyFile)
                .map(Path::toString).ifPresent(priv -> cmd.addAll(List.of("-i", priv, "-o", "IdentitiesOnly=yes")));
        cmd.addAll(List.of("-o", "HostKeyAlias=devbox-" + project, "-o", "StrictHostKeyChecking=accept-new"));
        if (box.privateBox()) {
            // No public address: through the stack's endpoint, which AWS closes within the hour.
            cmd.addAll(List.of("-o", "ProxyCommand=" + ProxyCommandLine.of(root.selectionOptions(), project.value()),
                    "-o", "ServerAliveInterval=30"));
        }
        SshArguments passed = SshArguments.split(sshArgs);
        cmd.addAll(passed.options());
        cmd.add(login + "@" + box.address());
        cmd.addAll(passed.command());
        return cmd;
    }

    /** `devbox ssh web -v` is devbox's (an unknown option); only what follows -- goes to ssh. */
    private void requireDashDashBeforeSshArguments() {
        if (sshArgs.isEmpty()) {
            return;
        }
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dashDash = original.indexOf("--");
        int afterDashDash = dashDash < 0 ? 0 : original.size() - dashDash - 1;
        if (sshArgs.size() > afterDashDash) {
            throw new UsageException("'" + sshArgs.get(0) + "' is not a devbox ssh option: put ssh's arguments after --,"
                    + " e.g. devbox ssh " + project + " -- " + String.join(" ", sshArgs));
        }
    }
}
