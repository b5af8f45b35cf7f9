package dev.devbox.cli.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One EC2 Instance Connect Endpoint tunnel, as OpenTunnel speaks it: a WebSocket whose binary
 * frames carry the TCP stream (text frames are not part of it). Bytes read from {@code in} go out
 * as binary frames, binary frames received are written to {@code out}; it ends when either side
 * closes: {@code in} at end of file (a normal close is sent), or the endpoint closing the socket
 * (AWS does so after the tunnel's maximum duration, at most an hour).
 */
public final class WebSocketRelay {
    /** The largest frame sent: well under any limit, as the AWS CLI's client also keeps to. */
    static final int MAX_FRAME = 64 * 1024 - 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final Duration connectTimeout;

    public WebSocketRelay(HttpClient http, Duration connectTimeout) {
        this.http = http;
        this.connectTimeout = connectTimeout;
    }

    /** How the tunnel ended: by whom, and the endpoint's close code and reason if it closed it. */
    public record Ended(boolean byRemote, int code, String reason) {
        public boolean normal() {
            return code == WebSocket.NORMAL_CLOSURE || code == -1;
        }
    }

    /** Refused at the handshake (HTTP status), or the connection failed. */
    public static final class TunnelFailed extends IOException {
        private final int status;

        TunnelFailed(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The handshake's HTTP status, or -1 when there was no HTTP answer. */
        public int status() {
            return status;
        }
    }

    public Ended relay(URI url, InputStream in, OutputStream out) throws IOException, InterruptedException {
        Receiver receiver = new Receiver(out);
        WebSocket ws = open(url, receiver);
        Thread sender = new Thread(() -> send(ws, in, receiver), "devbox-tunnel-send");
        sender.setDaemon(true); // a read blocked on stdin must not keep the process alive
        sender.start();
        try {
            return receiver.ended.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(cause.getMessage()), cause);
        } finally {
            if (!ws.isOutputClosed() || !ws.isInputClosed()) {
                ws.abort();
            }
        }
    }

    private WebSocket open(URI url, Receiver receiver) throws TunnelFailed, InterruptedException {
        try {
            return http.newWebSocketBuilder().connectTimeout(connectTimeout).buildAsync(url, receiver).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                throw new TunnelFailed("the tunnel endpoint refused the connection (HTTP " + status + ")", status, h);
            }
            throw new TunnelFailed("could not reach the tunnel endpoint " + url.getHost() + " ("
                    + (cause == null ? e.getMessage() : cause.getMessage()) + ")", -1, cause);
        }
    }

    /** Stdin to binary frames, one at a time (the next only once the last is sent); end of file closes. */
    private static void send(WebSocket ws, InputStream in, Receiver receiver) {
        byte[] buffer = new byte[MAX_FRAME];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    ws.sendBinary(ByteBuffer.wrap(buffer, 0, n).asReadOnlyBuffer(), true).join();
                }
            }
            receiver.closing = true; // the endpoint's close that follows is its answer, not its own end
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            // The endpoint answers with its own close; if it does not, do not hang.
            receiver.ended.completeOnTimeout(new Ended(false, WebSocket.NORMAL_CLOSURE, ""),
                    CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | CompletionException e) {
            receiver.ended.complete(new Ended(false, -1, String.valueOf(e.getMessage())));
        }
    }

    private static final class Receiver implements WebSocket.Listener {
        private final OutputStream out;
        private final CompletableFuture<Ended> ended = new CompletableFuture<>();
        private volatile boolean closing;

        Receiver(OutputStream out) {
            this.out = out;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            try {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // ssh went away: nothing more to deliver
                ended.complete(new Ended(false, -1, "output closed: " + e.getMessage()));
                ws.abort();
                return null;
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ended.completeExceptionally(new IOException("the tunnel endpoint sent text, which is no part of a"
                    + " tunnel: " + data));
            ws.abort();
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ended.complete(new Ended(!closing, statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ended.completeExceptionally(error instanceof IOException ? error
                    : new IOException(String.valueOf(error.getMessage()), error));
        }
    }
}
