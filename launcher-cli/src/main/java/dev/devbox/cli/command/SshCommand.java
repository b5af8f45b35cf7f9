package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.project.Projects;
import dev.devbox.cli.ssh.LocalPublicKey;
import dev.devbox.cli.ssh.ProxyCommandLine;
import dev.devbox.domain.ProjectName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.devbox.control.read.BoxView;

@Command(name = "ssh", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Connect to a project's box with ssh.",
        description = "Connect to the running box of PROJECT with ssh (as the project's user, ubuntu unless it was launched with --ssh-user or an image naming another; your devbox key). Arguments after -- go to ssh.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  devbox ssh myproject",
            "  devbox ssh myproject -- -L 8080:localhost:8080",
            "  devbox ssh myproject --print      show the ssh command instead of running it"})
public final class SshCommand extends DevboxCommand {
    @Parameters(index = "0", paramLabel = "PROJECT", converter = ProjectNameConverter.class,
            description = "Project name.")
    ProjectName project;

    @Parameters(index = "1..*", paramLabel = "SSH_ARGS", description = "Extra ssh arguments (after --).")
    List<String> sshArgs = new ArrayList<>();

    @Option(names = {"-l", "--user"}, paramLabel = "USER",
            description = "Login user (default: the project's, which 'devbox launch --ssh-user' or the image's"
                    + " devbox:ssh-user tag set; else ubuntu).")
    String user;

    @Option(names = "--print", description = "Print the ssh command line instead of running it.")
    boolean print;

    @Override
    public Integer call() throws IOException, InterruptedException {
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
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
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
        cmd.addAll(sshArgs);
        cmd.add(login + "@" + box.address());
        return cmd;
    }
}
