package dev.devbox.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * AWS's own DynamoDB Local, in this JVM and in memory: real conditional writes
 * and transactions, which devbox's exactly-once logic depends on.
 *
 * <p>It has no bind-address option: it listens on every interface, on a random
 * port, and holds only emulated data.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    public static DynamoDbLocalServer start() {
        int port = freePort();
        // It prints a configuration banner on stdout, which would corrupt `devbox local`'s export lines.
        PrintStream stdout = System.out;
        synchronized (DynamoDbLocalServer.class) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        // -sharedDb: one database whatever the access key, as in an account; local mode's
                        // developers are told apart by their access key ids (alice, bob)
                        new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
                server.start();
                return new DynamoDbLocalServer(server, URI.create("http://127.0.0.1:" + port));
            } catch (Exception e) {
                throw new EmulatorException("Could not start DynamoDB Local on port " + port + ": " + e.getMessage(), e);
            } finally {
                System.setOut(stdout);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmulatorException("No free loopback port for DynamoDB Local", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new EmulatorException("Could not stop DynamoDB Local", e);
        }
    }
}
