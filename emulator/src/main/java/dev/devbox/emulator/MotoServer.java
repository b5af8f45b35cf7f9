package dev.devbox.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * moto in server mode, with devbox's fidelity patches, on a free loopback port.
 *
 * <p>The child reads its stdin until EOF, so it exits when this JVM does, even
 * if the JVM is killed: no emulator is ever left running.
 */
public final class MotoServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String PORT_LINE = "DEVBOX_MOTO_PORT=";

    private final Process process;
    private final URI endpoint;
    private final List<String> patches;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MotoServer(Process process, URI endpoint, List<String> patches) {
        this.process = process;
        this.endpoint = endpoint;
        this.patches = patches;
    }

    public static MotoServer start(EmulatorHome home) {
        Path launcher = new MotoInstaller(home).ensureInstalled();
        ProcessBuilder builder = new ProcessBuilder(home.python().toString(), launcher.toString(),
                "--host", "127.0.0.1", "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PYTHONUNBUFFERED", "1");
        try {
            // Two public Ubuntu 24.04 images instead of moto's catalogue of hundreds, which it
            // rebuilds (with a volume and snapshot each) after every reset: 1.5 s a test.
            builder.environment().put("MOTO_AMIS_PATH", new MotoInstaller(home).baseImages().toString());
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<List<String>> banner = CompletableFuture.supplyAsync(() -> readBanner(out));
            List<String> lines = banner.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            int port = Integer.parseInt(lines.get(0).substring(PORT_LINE.length()));
            List<String> patches = List.of(lines.get(1).substring(lines.get(1).indexOf('=') + 1).split(","));
            Thread drain = new Thread(() -> drain(out), "moto-stdout");
            drain.setDaemon(true);
            drain.start();
            return new MotoServer(process, URI.create("http://127.0.0.1:" + port), patches);
        } catch (IOException e) {
            throw new EmulatorException("Could not start the emulator (" + home.python() + "): " + e.getMessage(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EmulatorException("The emulator did not start within " + START_TIMEOUT.toSeconds()
                    + " s; run " + home.python() + " " + launcher + " by hand to see why.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("Interrupted while starting the emulator", e);
        }
    }

    private static List<String> readBanner(BufferedReader out) {
        List<String> lines = new ArrayList<>();
        try {
            String line;
            while (lines.size() < 2 && (line = out.readLine()) != null) {
                if (line.startsWith(PORT_LINE) || line.startsWith("DEVBOX_MOTO_PATCHES=")) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new EmulatorException("Lost the emulator's output", e);
        }
        if (lines.size() < 2) {
            throw new EmulatorException("The emulator exited before it was ready");
        }
        return lines;
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard: moto's request log is noise for devbox users
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The fidelity patches the running launcher applied (see devbox_moto.py). */
    public List<String> patches() {
        return patches;
    }

    /** Forgets every resource in every service, as a fresh emulator would. */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new EmulatorException("The emulator refused a reset: HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new EmulatorException("Could not reset the emulator at " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("Interrupted while resetting the emulator", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
