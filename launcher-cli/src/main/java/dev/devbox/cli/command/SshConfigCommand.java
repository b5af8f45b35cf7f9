package dev.devbox.cli.command;

import dev.devbox.cli.ExitCode;
import dev.devbox.cli.error.ConfigurationException;
import dev.devbox.cli.project.Projects;
import dev.devbox.cli.ssh.LocalPublicKey;
import dev.devbox.cli.ssh.SshConfigEditor;
import dev.devbox.cli.ssh.SshHost;
import dev.devbox.domain.Project;
import dev.devbox.domain.ProjectState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.ec2.model.Instance;

@Command(name = "ssh-config", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Write Host devbox-PROJECT entries into ~/.ssh/config.",
        description = "Write a 'Host devbox-PROJECT' entry for every running box into a block of ~/.ssh/config that devbox manages. Idempotent; lines outside the block are never touched. Run it again after a launch (addresses change); then 'ssh devbox-PROJECT', scp, rsync and IDEs just work.",
        footerHeading = "%nExamples:%n",
        footer = {"  devbox ssh-config", "  devbox ssh-config --print", "  devbox ssh-config --remove"})
public final class SshConfigCommand extends DevboxCommand {
    @Option(names = "--file", paramLabel = "PATH", description = "Config file to edit (default: ~/.ssh/config).")
    Path file;

    @Option(names = "--print", description = "Print the block instead of editing the file.")
    boolean print;

    @Option(names = "--remove", description = "Remove devbox's block from the file.")
    boolean remove;

    @Override
    public Integer call() throws IOException {
        List<SshHost> hosts = remove ? List.of() : hosts();
        String stack = aws().stackName();
        if (print) {
            ui().out().print(SshConfigEditor.block(stack, hosts, "\n"));
            ui().out().flush();
            return ExitCode.OK;
        }
        Path target = file != null ? file : env().home().resolve(".ssh").resolve("config");
        String before = Files.exists(target) ? Files.readString(target, StandardCharsets.UTF_8) : "";
        String after = SshConfigEditor.apply(before, stack, hosts);
        boolean changed = !after.equals(before);
        if (changed) {
            write(target, after);
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

    private List<SshHost> hosts() {
        Optional<LocalPublicKey> key = LocalPublicKey.discover(env().home());
        List<SshHost> hosts = new ArrayList<>();
        for (Project p : projects().list()) {
            if (p.state() != ProjectState.RUNNING || p.instanceId() == null) {
                continue;
            }
            Optional<Instance> box = projects().describeInstance(p.instanceId());
            if (box.isEmpty() || Projects.address(box.get()) == null) {
                continue;
            }
            String identity = key.filter(k -> k.keyPairName().equals(box.get().keyName()))
                    .flatMap(LocalPublicKey::privateKeyFile).map(Path::toString).orElse(null);
            hosts.add(new SshHost("devbox-" + p.name(), Projects.address(box.get()), Projects.SSH_USER, identity));
        }
        return hosts;
    }

    /** Writes beside the target and moves over it, so a crash never leaves half a config. */
    private static void write(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its own defaults apply
            }
        }
        Path tmp = Files.createTempFile(dir, ".devbox-ssh-config", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, Files.exists(target)
                        ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new ConfigurationException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
