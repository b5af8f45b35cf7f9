package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.project.LaunchRequest;
import dev.devbox.cli.project.LaunchResult;
import dev.devbox.cli.project.SshConfigSync;
import dev.devbox.domain.ProjectName;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "launch", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Start (or resume) the box of a project.",
        description = "Start the box of PROJECT: from its newest project AMI, or for a new project Ubuntu 24.04 LTS (arm64 on a Graviton type) or the AMI --image names. Waits until the box runs and SSH answers, then prints the ssh command.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  devbox launch myproject",
            "  devbox launch myproject --instance-type t3.large --volume-size 50",
            "  devbox launch myproject --key ~/.ssh/work.pub --output json",
            "  devbox launch myproject --idle 120         save itself after 2 idle hours",
            "  devbox launch myproject --idle 0           no idle limit",
            "  devbox launch myproject --spot --spot-fallback   Spot, else on demand",
            "  devbox launch myproject --from 4           roll back to generation 4",
            "  devbox launch myproject --init-rate 300    restored disks fast sooner",
            "  devbox launch armproject --instance-type t4g.small    a Graviton box (arm64 Ubuntu)",
            "  devbox launch gpu --image ami-0abc12345678 --ssh-user ubuntu --instance-type g5.xlarge",
            "  devbox launch myproject --private          no public address; SSH through the stack's endpoint",
            "  devbox launch newproject --user-data setup.sh --dotfiles https://github.com/you/dotfiles.git"})
public final class LaunchCommand extends DevboxCommand {
    @Parameters(paramLabel = "PROJECT", converter = ProjectNameConverter.class,
            description = "Project name: 1-40 lowercase letters, digits or hyphens, starting with a letter.")
    ProjectName project;

    @Option(names = "--instance-type", paramLabel = "TYPE",
            description = "EC2 instance type (default: the stack's, t3.small). A Graviton type (t4g, m7g, c7g,"
                    + " r7g, ...) starts a new project from arm64 Ubuntu; a saved project needs a type of its"
                    + " image's architecture.")
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

    @Option(names = "--idle", paramLabel = "MINUTES", defaultValue = "60",
            description = "The box terminates itself, and so is saved, after this many minutes with no SSH session"
                    + " and no user process on a terminal; logged-in users are warned 10 minutes before. 0 turns it"
                    + " off (default: ${DEFAULT-VALUE}).")
    int idleMinutes;

    @Option(names = "--spot", description = "Start a one-time Spot box (cheaper; an interruption terminates it and"
            + " its work is saved as for any ended box).")
    boolean spot;

    @Option(names = "--spot-fallback", description = "With --spot: start on demand when Spot has no capacity.")
    boolean spotFallback;

    @Option(names = "--from", paramLabel = "GENERATION",
            description = "Start from this retained generation of the project AMI instead of the newest (a rollback;"
                    + " 'devbox history PROJECT' lists them). The next save is a new, newest generation; nothing"
                    + " is deleted.")
    Long fromGeneration;

    @Option(names = "--init-rate", paramLabel = "MiB/s",
            description = "Provisioned volume-initialization rate, 100-300 MiB/s, for volumes restored from"
                    + " snapshots: full disk speed after a predictable time instead of slow first reads (EBS charges"
                    + " extra for it: see the EBS pricing page).")
    Integer initRate;

    @Option(names = "--image", paramLabel = "AMI_ID",
            description = "A new project starts from this AMI instead of Ubuntu 24.04: one of this account's,"
                    + " Canonical's, or of an owner the stack's AllowedImageOwners lists. Refused for a project with"
                    + " saved generations (it resumes its own).")
    String image;

    @Option(names = "--ssh-user", paramLabel = "NAME",
            description = "The user the image lets in over ssh (default: the image's devbox:ssh-user tag, else"
                    + " ubuntu). The project remembers it for 'devbox ssh' and 'devbox ssh-config'.")
    String sshUser;

    @Option(names = "--private", description = "No public IPv4 address: the box is reached through the stack's EC2"
            + " Instance Connect Endpoint ('devbox ssh' and 'devbox ssh-config' connect through 'devbox proxy'),"
            + " and no port-22 range is opened. Needs a stack deployed with PrivateBoxes=Allowed or Always.")
    boolean privateBox;

    @Option(names = "--user-data", paramLabel = "FILE",
            description = "A new project only: a shell script (first line #!) or a #cloud-config document that"
                    + " cloud-init runs once, at the project's first boot, after devbox's own setup. Saved"
                    + " projects keep its results on their disk and do not run it again.")
    Path userDataFile;

    @Option(names = "--dotfiles", paramLabel = "GIT_URL",
            description = "A new project only: clone this dotfiles repository (https:// or git@host:path) into"
                    + " ~/.dotfiles at first boot and run its install script (install.sh, install, bootstrap.sh,"
                    + " bootstrap, setup.sh or setup), else link its dotfiles into your home; log in"
                    + " /var/log/devbox-dotfiles.log.")
    String dotfiles;

    @Override
    public Integer call() {
        LaunchResult result = projects().launch(new LaunchRequest(project, instanceType, volumeSize, key, sshCidr,
                !noWaitSsh, Duration.ofMinutes(timeoutMinutes), env().home(), idleMinutes, spot, spotFallback,
                fromGeneration, initRate, image, sshUser, privateBox, userDataFile, dotfiles));
        SshConfigSync.refreshIfManaged(projects(), env().home(), root.selectionOptions());
        if (ui().json()) {
            ui().printJson(result);
        } else {
            var s = ui().style();
            ui().result(s.green("✓") + " " + s.bold(result.project()) + " is running: box " + result.instanceId()
                    + " (" + result.instanceType() + ", generation " + result.generation() + ", "
                    + source(result.imageSource())
                    + result.imageId() + (result.imageGeneration() == null ? "" : " of generation "
                    + result.imageGeneration()) + ")");
            ui().result("  " + (result.market().equals("spot") ? "Spot box (one-time; an interruption saves it like a"
                    + " terminate)" : "On-demand box" + (result.spotFallback() ? " (Spot had no capacity)" : ""))
                    + "; " + (result.idleMinutes() == 0 ? "no idle limit"
                    : "terminates itself after " + result.idleMinutes() + " idle minutes (no SSH session)")
                    + (result.initRateMiBs() == null ? "" : "; volumes initializing at " + result.initRateMiBs()
                    + " MiB/s")
                    + (result.privateBox() ? "; private (no public IPv4 address: SSH through the stack's EC2"
                    + " Instance Connect Endpoint, which ends a connection after at most an hour)" : ""));
            if (userDataFile != null || dotfiles != null) {
                ui().result("  First boot runs " + (userDataFile == null ? "" : userDataFile.getFileName()
                        + (dotfiles == null ? "" : " and ")) + (dotfiles == null ? "" : "your dotfiles")
                        + " once (on the box: /var/log/cloud-init-output.log"
                        + (dotfiles == null ? "" : ", /var/log/devbox-dotfiles.log") + ")");
            }
            ui().result("");
            ui().result("  " + s.bold(result.sshCommand()));
            ui().result("");
            ui().result("or 'devbox ssh " + result.project() + "'. When done: 'devbox terminate " + result.project()
                    + "' (or 'sudo poweroff' in the box); your work is saved either way.");
        }
        return ExitCode.OK;
    }

    private static String source(String imageSource) {
        return switch (imageSource) {
            case "project" -> "restored from project AMI ";
            case "image" -> "new from image ";
            case "ubuntu-24.04-arm64" -> "new from Ubuntu 24.04 arm64 ";
            default -> "new from Ubuntu 24.04 ";
        };
    }
}
