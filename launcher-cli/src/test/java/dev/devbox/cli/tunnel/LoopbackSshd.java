package dev.devbox.cli.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback "sshd" for one connection: it greets with an SSH banner, then echoes what it reads
 * until end of file ({@code echo}), or closes right after the greeting.
 */
final class LoopbackSshd implements AutoCloseable {
    static final String BANNER = "SSH-2.0-OpenSSH_9.6 loopback\r\n";
    private final ServerSocket server;

    LoopbackSshd(boolean greet, boolean echo) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                if (greet) {
                    s.getOutputStream().write(BANNER.getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
                if (echo) {
                    InputStream in = s.getInputStream();
                    in.transferTo(s.getOutputStream());
                } else if (!greet) {
                    s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream()); // silent until closed
                }
            } catch (IOException e) {
                // the test is over
            }
        }, "loopback-sshd");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
