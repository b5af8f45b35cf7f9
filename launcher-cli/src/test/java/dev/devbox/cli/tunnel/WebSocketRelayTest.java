package dev.devbox.cli.tunnel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tunnel client against a loopback WebSocket endpoint that relays to a loopback "sshd". */
@Timeout(30)
class WebSocketRelayTest {
    private static final String QUERY = "instanceConnectEndpointId=eice-0123&remotePort=22&privateIpAddress=10.0.0.5"
            + "&maxTunnelDuration=3600&X-Amz-Signature=abc";
    private final WebSocketRelay relay = new WebSocketRelay(HttpClient.newHttpClient(), Duration.ofSeconds(5));

    @Test
    void relaysStdinAndTheBoxBothWaysInBinaryFramesAndEndsWhenStdinCloses() throws Exception {
        byte[] sent = new byte[200_000]; // several frames each way
        new Random(7).nextBytes(sent);
        byte[] banner = LoopbackSshd.BANNER.getBytes(StandardCharsets.US_ASCII);
        byte[] expected = concat(banner, sent);
        try (LoopbackSshd sshd = new LoopbackSshd(true, true);
             LoopbackTunnelServer eice = new LoopbackTunnelServer(sshd.port(), 0, 1000, "")) {
            // ssh's stdin: what was typed, then open until everything came back (the echo is complete)
            java.util.concurrent.CountDownLatch complete = new java.util.concurrent.CountDownLatch(1);
            InputStream stdin = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(sent),
                    new InputStream() {
                        @Override
                        public int read() throws IOException {
                            try {
                                complete.await();
                            } catch (InterruptedException e) {
                                throw new IOException(e);
                            }
                            return -1;
                        }
                    });
            ClosingWhenComplete stdout = new ClosingWhenComplete(expected.length, complete);

            WebSocketRelay.Ended ended = relay.relay(eice.url(QUERY), stdin, stdout);

            assertArrayEquals(expected, stdout.bytes());
            assertFalse(ended.byRemote(), "the client closed first");
            assertTrue(eice.clientClosed, "a close frame was sent at the end of stdin");
            assertTrue(eice.framesFromClient >= 4, "stdin went out in frames of at most "
                    + WebSocketRelay.MAX_FRAME + " bytes: " + eice.framesFromClient);
            assertEquals(List.of("GET /openTunnel?" + QUERY + " HTTP/1.1"), eice.requestLines);
            assertEquals(List.of(), eice.problems, "every client frame masked, a proper handshake");
        }
    }

    @Test
    void endsWhenTheEndpointClosesTheTunnelEvenWhileStdinStaysOpen() throws Exception {
        try (LoopbackSshd sshd = new LoopbackSshd(true, false);
             LoopbackTunnelServer eice = new LoopbackTunnelServer(sshd.port(), 0, 1000, "")) {
            PipedOutputStream keyboard = new PipedOutputStream(); // never closed: ssh still runs
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();

            WebSocketRelay.Ended ended = relay.relay(eice.url(QUERY), new PipedInputStream(keyboard), stdout);

            assertTrue(ended.byRemote());
            assertTrue(ended.normal());
            assertEquals(LoopbackSshd.BANNER, stdout.toString(StandardCharsets.US_ASCII));
            keyboard.close();
        }
    }

    @Test
    void saysHowTheEndpointClosedAnAbnormalTunnel() throws Exception {
        try (LoopbackSshd sshd = new LoopbackSshd(true, false);
             LoopbackTunnelServer eice = new LoopbackTunnelServer(sshd.port(), 0, 1011, "tunnel duration exceeded")) {
            WebSocketRelay.Ended ended = relay.relay(eice.url(QUERY), new PipedInputStream(new PipedOutputStream()),
                    new ByteArrayOutputStream());

            assertTrue(ended.byRemote());
            assertFalse(ended.normal());
            assertEquals(1011, ended.code());
            assertEquals("tunnel duration exceeded", ended.reason());
        }
    }

    @Test
    void aRefusedHandshakeIsAFailureWithItsStatus() throws Exception {
        try (LoopbackSshd sshd = new LoopbackSshd(true, true);
             LoopbackTunnelServer eice = new LoopbackTunnelServer(sshd.port(), 403, 1000, "")) {
            WebSocketRelay.TunnelFailed failed = assertThrows(WebSocketRelay.TunnelFailed.class,
                    () -> relay.relay(eice.url(QUERY), InputStream.nullInputStream(), new ByteArrayOutputStream()));
            assertEquals(403, failed.status());
        }
    }

    @Test
    void theBannerProbeHearsSshdThroughTheTunnelAndNotSilence() throws Exception {
        SshBannerProbe probe = new SshBannerProbe(HttpClient.newHttpClient());
        try (LoopbackSshd sshd = new LoopbackSshd(true, true);
             LoopbackTunnelServer eice = new LoopbackTunnelServer(sshd.port(), 0, 1000, "")) {
            assertTrue(probe.answers(eice.url(QUERY), Duration.ofSeconds(5)));
        }
        try (LoopbackSshd silent = new LoopbackSshd(false, false);
             LoopbackTunnelServer eice = new LoopbackTunnelServer(silent.port(), 0, 1000, "")) {
            assertFalse(probe.answers(eice.url(QUERY), Duration.ofSeconds(1)));
        }
    }

    @Test
    void aPublicBoxIsRelayedOverPlainTcp() throws Exception {
        byte[] sent = "hello box".getBytes(StandardCharsets.US_ASCII);
        try (LoopbackSshd sshd = new LoopbackSshd(true, true)) {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            new TcpRelay(Duration.ofSeconds(5)).relay("127.0.0.1", sshd.port(),
                    new java.io.ByteArrayInputStream(sent), stdout);
            assertEquals(LoopbackSshd.BANNER + "hello box", stdout.toString(StandardCharsets.US_ASCII));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Stdout that ends "ssh's" stdin once it holds {@code expected} bytes. */
    private static final class ClosingWhenComplete extends OutputStream {
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private final int expected;
        private final java.util.concurrent.CountDownLatch complete;

        ClosingWhenComplete(int expected, java.util.concurrent.CountDownLatch complete) {
            this.expected = expected;
            this.complete = complete;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            seen.write(b, off, len);
            if (seen.size() >= expected) {
                complete.countDown();
            }
        }

        synchronized byte[] bytes() {
            return seen.toByteArray();
        }
    }
}
