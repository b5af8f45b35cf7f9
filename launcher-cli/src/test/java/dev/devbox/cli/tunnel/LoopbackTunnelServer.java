package dev.devbox.cli.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for an EC2 Instance Connect Endpoint on loopback, written from RFC 6455: it answers
 * the opening handshake (or refuses it with an HTTP status), then relays the binary frames a
 * client sends (which must be masked) to a TCP server, and that server's bytes back as unmasked
 * binary frames; a close from either side ends it with a close frame.
 */
final class LoopbackTunnelServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final int targetPort;
    private final int refuseWith;
    private final int closeCode;
    private final String closeReason;
    final List<String> requestLines = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    volatile int framesFromClient;
    volatile boolean clientClosed;

    /**
     * @param targetPort the loopback "sshd" to relay to
     * @param refuseWith an HTTP status to refuse the handshake with, or 0 to accept it
     * @param closeCode  the close code sent when the target closes (1000: normal)
     */
    LoopbackTunnelServer(int targetPort, int refuseWith, int closeCode, String closeReason) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.refuseWith = refuseWith;
        this.closeCode = closeCode;
        this.closeReason = closeReason;
        Thread t = new Thread(this::serve, "loopback-eice");
        t.setDaemon(true);
        t.start();
    }

    URI url(String query) {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/openTunnel?" + query);
    }

    private void serve() {
        try (Socket client = server.accept()) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String key = handshake(in);
            if (refuseWith != 0) {
                out.write(("HTTP/1.1 " + refuseWith + " Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                Thread back = new Thread(() -> targetToClient(target, out), "loopback-eice-back");
                back.setDaemon(true);
                back.start();
                clientToTarget(new DataInputStream(in), out, target);
                back.join(5000);
            }
        } catch (Exception e) {
            problems.add(String.valueOf(e));
        }
    }

    /** Reads the request up to its blank line; returns Sec-WebSocket-Key. */
    private String handshake(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        requestLines.add(lines[0]);
        String key = null;
        boolean upgrade = false;
        for (String line : lines) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
            if (lower.startsWith("upgrade:") && lower.contains("websocket")) {
                upgrade = true;
            }
        }
        if (key == null || !upgrade) {
            problems.add("not a WebSocket opening handshake: " + String.join(" | ", lines));
        }
        return key;
    }

    private void clientToTarget(DataInputStream in, OutputStream out, Socket target) throws IOException {
        OutputStream toTarget = target.getOutputStream();
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            int opcode = b0 & 0x0F;
            if ((b1 & 0x80) == 0) {
                problems.add("a client frame was not masked (RFC 6455 5.1)");
            }
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] mask = new byte[4];
            if ((b1 & 0x80) != 0) {
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            switch (opcode) {
                case 0x2, 0x0 -> {
                    framesFromClient++;
                    toTarget.write(payload);
                    toTarget.flush();
                }
                case 0x8 -> {
                    clientClosed = true;
                    synchronized (out) {
                        writeFrame(out, 0x8, new byte[] {0x03, (byte) 0xE8});
                    }
                    target.shutdownOutput();
                    return;
                }
                case 0x9 -> {
                    synchronized (out) {
                        writeFrame(out, 0xA, payload);
                    }
                }
                default -> problems.add("unexpected opcode from the client: " + opcode);
            }
        }
    }

    private void targetToClient(Socket target, OutputStream out) {
        try {
            InputStream fromTarget = target.getInputStream();
            byte[] buffer = new byte[70_000];
            int n;
            while ((n = fromTarget.read(buffer)) >= 0) {
                synchronized (out) {
                    writeFrame(out, 0x2, java.util.Arrays.copyOf(buffer, n));
                }
            }
            if (!clientClosed) {
                byte[] reason = closeReason.getBytes(StandardCharsets.UTF_8);
                byte[] body = new byte[2 + reason.length];
                body[0] = (byte) (closeCode >> 8);
                body[1] = (byte) closeCode;
                System.arraycopy(reason, 0, body, 2, reason.length);
                synchronized (out) {
                    writeFrame(out, 0x8, body);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** A server frame: FIN set, unmasked, with the shortest length encoding. */
    private static void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >> shift));
            }
        }
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
