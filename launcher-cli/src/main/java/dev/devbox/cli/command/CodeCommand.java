package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.error.NotFoundException;
import dev.devbox.cli.error.UsageException;
import dev.devbox.cli.project.Projects;
import dev.devbox.cli.project.SshConfigSync;
import dev.devbox.cli.ssh.LocalPrograms;
import dev.devbox.cli.ssh.SshConfigEditor;
import dev.devbox.cli.ssh.SshHost;
import dev.devbox.domain.ProjectName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "code", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Open VS Code on a project's box (Remote-SSH).",
        description = "Make sure ~/.ssh/config has the box's 'Host devbox-PROJECT' entry (devbox's managed block,"
                + " as 'devbox ssh-config' writes it), then run 'code --remote ssh-remote+devbox-PROJECT PATH'."
                + " Without 'code' on PATH it prints that command instead. Needs VS Code's Remote - SSH extension"
                + " (ms-vscode-remote.remote-ssh).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  devbox code myproject                   open the home directory on the box",
            "  devbox code myproject /home/ubuntu/app  open a folder"})
public final class CodeCommand extends DevboxCommand {
    static final String REMOTE_SSH_EXTENSION = "ms-vscode-remote.remote-ssh";

    @Parameters(index = "0", paramLabel = "PROJECT", converter = ProjectNameConverter.class,
            description = "Project name.")
    ProjectName project;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH",
            description = "Absolute folder on the box to open (default: the SSH user's home, e.g. /home/ubuntu).")
    String folder;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String asked = askedFolder(); // refused before any AWS call
        Projects.Detail detail = projects().look(project);
        projects().runningBox(detail);
        String remoteFolder = asked != null ? asked : "/home/" + detail.project().loginUser();
        String alias = "devbox-" + project;
        Path config = SshConfigSync.defaultFile(env().home());
        boolean changed = ensureEntry(config, alias);
        List<String> command = List.of("code", "--remote", "ssh-remote+" + alias, remoteFolder);
        Optional<Path> code = LocalPrograms.find(env(), "code");
        if (ui().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("project", project.value());
            json.put("host", alias);
            json.put("sshConfig", config.toString());
            json.put("sshConfigChanged", changed);
            json.put("command", command);
            json.put("codeFound", code.isPresent());
            ui().printJson(json);
            return ExitCode.OK;
        }
        if (changed) {
            ui().info("Wrote the 'Host " + alias + "' entry into the devbox block of " + config + ".");
        }
        if (code.isEmpty()) {
            ui().result(String.join(" ", command));
            ui().info("VS Code's 'code' command is not on PATH: run the line above where it is (VS Code:"
                    + " Shell Command: Install 'code' command in PATH), with the Remote - SSH extension installed"
                    + " (code --install-extension " + REMOTE_SSH_EXTENSION + ").");
            return ExitCode.OK;
        }
        List<String> argv = new ArrayList<>(command);
        argv.set(0, code.get().toString());
        Process process;
        try {
            process = new ProcessBuilder(argv).inheritIO().start();
        } catch (IOException e) {
            throw new ConfigurationException("Cannot run '" + code.get() + "' (" + e.getMessage()
                    + "): run it yourself: " + String.join(" ", command), e);
        }
        int exit = process.waitFor();
        if (exit != 0) {
            ui().info("'code' exited with " + exit + "; is the Remote - SSH extension installed? code"
                    + " --install-extension " + REMOTE_SSH_EXTENSION);
        }
        return exit;
    }

    /** Remote-SSH opens absolute folders only; a relative one would be refused after the window opened. */
    private String askedFolder() {
        if (folder == null) {
            return null;
        }
        if (!folder.startsWith("/") || folder.contains("\n")) {
            throw new UsageException("PATH must be an absolute folder on the box, e.g. /home/ubuntu/" + folder.strip()
                    + " (got '" + folder + "').");
        }
        return folder;
    }

    /** Rewrites devbox's block of ~/.ssh/config (only that block) so it has the box's current entry. */
    private boolean ensureEntry(Path config, String alias) throws IOException {
        List<SshHost> hosts = SshConfigSync.hosts(projects(), env().home(), root.selectionOptions());
        if (hosts.stream().noneMatch(h -> h.alias().equals(alias))) {
            throw new NotFoundException("The box of '" + project + "' has no address for ssh yet: try again in a"
                    + " moment ('devbox status " + project + "').");
        }
        String stack = aws().stackName();
        String before = Files.exists(config) ? Files.readString(config, StandardCharsets.UTF_8) : "";
        String after = SshConfigEditor.apply(before, stack, hosts);
        if (after.equals(before)) {
            return false;
        }
        SshConfigSync.write(config, after);
        return true;
    }
}
