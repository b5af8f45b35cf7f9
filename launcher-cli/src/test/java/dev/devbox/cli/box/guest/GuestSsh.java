package dev.devbox.cli.box.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The system OpenSSH client against the guest's forwarded port, logging in as the AMI's user with a key
 * pair made for this test. Host keys are not checked: each boot makes new ones on a reused port.
 */
public final class GuestSsh {
    private final Path privateKey;
    private final String publicKey;
    private final int port;
    private final String user;

    private GuestSsh(Path privateKey, String publicKey, int port, String user) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.port = port;
        this.user = user;
    }

    /** Makes an ed25519 key pair in {@code dir}. */
    public static GuestSsh withNewKey(Path dir, int port, String user) throws IOException {
        Path key = dir.resolve("id_ed25519");
        List<String> keygen = List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "devbox-boxtest",
                "-f", key.toString());
        Commands.run(keygen, Duration.ofSeconds(30)).orThrow(keygen);
        return new GuestSsh(key, Files.readString(dir.resolve("id_ed25519.pub")), port, user);
    }

    public String publicKey() {
        return publicKey;
    }

    public int port() {
        return port;
    }

    /** Runs {@code command} in the guest (no terminal) and returns its exit code and output. */
    public Commands.Result run(String command, Duration timeout) {
        List<String> argv = base(false);
        argv.add(command);
        return Commands.run(argv, timeout);
    }

    /** Like {@link #run}, failing with the output when the command fails. */
    public String check(String command) {
        List<String> argv = base(false);
        argv.add(command);
        return Commands.run(argv, Duration.ofSeconds(120)).orThrow(argv).output();
    }

    /**
     * An interactive login with a terminal ({@code ssh -tt}) running {@code command}, as a person at a laptop
     * has: sshd records the login and allocates a pts. Its terminal output goes to {@code transcript}.
     */
    public Process openSession(String command, Path transcript) throws IOException {
        List<String> argv = base(true);
        argv.add(command);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(transcript.toFile()));
        pb.environment().put("TERM", "xterm");
        return pb.start();
    }

    private List<String> base(boolean terminal) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-i", privateKey.toString(), "-p", Integer.toString(port),
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=15"));
        argv.add(terminal ? "-tt" : "-T");
        argv.add(user + "@127.0.0.1");
        return argv;
    }
}
