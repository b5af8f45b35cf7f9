package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.project.SshConfigSync;
import dev.devbox.cli.ssh.SshConfigEditor;
import dev.devbox.cli.ssh.SshHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ssh-config", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write Host devbox-PROJECT entries into ~/.ssh/config.",
        description = "Write a 'Host devbox-PROJECT' entry for every running box into a block of ~/.ssh/config that devbox manages. Idempotent; lines outside the block are never touched. Run it again after a launch (addresses change); then 'ssh devbox-PROJECT', scp, rsync and IDEs just work.",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox ssh-config", "  devbox ssh-config --print", "  devbox ssh-config --remove",
            "  devbox ssh-config --wake      'ssh devbox-PROJECT' also resumes a saved project"})
public final class SshConfigCommand extends DevboxCommand {
    @Option(names = "--file", paramLabel = "PATH", description = "Config file to edit (default: ~/.ssh/config).")
    Path file;

    @Option(names = "--print", description = "Print the block instead of editing the file.")
    boolean print;

    @Option(names = "--remove", description = "Remove devbox's block from the file.")
    boolean remove;

    @Option(names = "--wake", description = "Also write entries for saved projects, and connect every entry through"
            + " 'devbox proxy --wake', which starts a saved project's box (as this machine last launched it) when ssh"
            + " or an editor connects, waits for SSH, then connects. Never a box that ended in the last five"
            + " minutes. Without --wake nothing starts on connect.")
    boolean wake;

    @Override
    public Integer call() throws IOException {
        List<SshHost> hosts = remove ? List.of() : SshConfigSync.hosts(projects(), env().home(), root.selectionOptions(),
                wake);
        String stack = aws().stackName();
        if (print) {
            ui().out().print(SshConfigEditor.block(stack, hosts, "\n"));
            ui().out().flush();
            return ExitCode.OK;
        }
        Path target = file != null ? file : SshConfigSync.defaultFile(env().home());
        String before = Files.exists(target) ? Files.readString(target, StandardCharsets.UTF_8) : "";
        String after = SshConfigEditor.apply(before, stack, hosts);
        boolean changed = !after.equals(before);
        if (changed) {
            SshConfigSync.write(target, after);
        }
        if (ui().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", target.toString());
            json.put("changed", changed);
            json.put("hosts", hosts.stream().map(SshHost::alias).toList());
            ui().printJson(json);
        } else {
            ui().result((changed ? "Updated " : "Unchanged: ") + target + " ("
                    + (hosts.isEmpty() ? "no devbox hosts" : String.join(", ", hosts.stream().map(SshHost::alias).toList()))
                    + ")");
        }
        return ExitCode.OK;
    }
}
