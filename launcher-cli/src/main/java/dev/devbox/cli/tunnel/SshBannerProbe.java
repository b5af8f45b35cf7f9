package dev.devbox.cli.tunnel;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Whether sshd answers through a tunnel: it greets first, with "SSH-", before the client says anything. */
public final class SshBannerProbe {
    private final HttpClient http;

    public SshBannerProbe(HttpClient http) {
        this.http = http;
    }

    /** True when the greeting arrives within {@code timeout}; false on any failure (the caller retries). */
    public boolean answers(URI url, Duration timeout) throws InterruptedException {
        CompletableFuture<Boolean> greeted = new CompletableFuture<>();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                seen.writeBytes(bytes);
                if (seen.size() >= 4) {
                    greeted.complete(new String(seen.toByteArray(), 0, 4, StandardCharsets.US_ASCII).equals("SSH-"));
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                greeted.complete(false);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                greeted.complete(false);
            }
        };
        WebSocket ws = null;
        try {
            ws = http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(url, listener)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return greeted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } finally {
            if (ws != null) {
                ws.abort();
            }
        }
    }
}
