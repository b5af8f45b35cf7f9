package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.project.LaunchRequest;
import dev.devbox.cli.project.LaunchResult;
import dev.devbox.domain.ProjectName;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "launch", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Start (or resume) the box of a project.",
        description = "Start the box of PROJECT: from its newest project AMI, or Ubuntu 24.04 LTS for a new project. Waits until the box runs and SSH answers, then prints the ssh command.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  devbox launch myproject",
            "  devbox launch myproject --instance-type t3.large --volume-size 50",
            "  devbox launch myproject --key ~/.ssh/work.pub --output json"})
public final class LaunchCommand extends DevboxCommand {
    @Parameters(paramLabel = "PROJECT", converter = ProjectNameConverter.class,
            description = "Project name: 1-40 lowercase letters, digits or hyphens, starting with a letter.")
    ProjectName project;

    @Option(names = "--instance-type", paramLabel = "TYPE",
            description = "EC2 instance type (default: the stack's, t3.small).")
    String instanceType;

    @Option(names = "--volume-size", paramLabel = "GiB",
            description = "Root volume size; can only grow (default: 20 for a new project, else the AMI's).")
    Integer volumeSize;

    @Option(names = "--key", paramLabel = "NAME|FILE.pub",
            description = "EC2 key pair name, or a public key file to import (default: ~/.ssh/id_ed25519.pub, then id_rsa.pub).")
    String key;

    @Option(names = "--ssh-cidr", paramLabel = "CIDR",
            description = "Address range allowed to SSH in (default: your public address /32).")
    String sshCidr;

    @Option(names = "--no-wait-ssh", description = "Return once the box runs, without waiting for port 22.")
    boolean noWaitSsh;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "10",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Override
    public Integer call() {
        LaunchResult result = projects().launch(new LaunchRequest(project, instanceType, volumeSize, key, sshCidr,
                !noWaitSsh, Duration.ofMinutes(timeoutMinutes), env().home()));
        if (ui().json()) {
            ui().printJson(result);
        } else {
            var s = ui().style();
            ui().result(s.green("✓") + " " + s.bold(result.project()) + " is running: box " + result.instanceId()
                    + " (" + result.instanceType() + ", generation " + result.generation() + ", "
                    + (result.imageSource().equals("project") ? "restored from project AMI " : "new from Ubuntu 24.04 ")
                    + result.imageId() + ")");
            ui().result("");
            ui().result("  " + s.bold(result.sshCommand()));
            ui().result("");
            ui().result("or 'devbox ssh " + result.project() + "'. When done: 'devbox terminate " + result.project()
                    + "' (or 'sudo poweroff' in the box); your work is saved either way.");
        }
        return ExitCode.OK;
    }
}
