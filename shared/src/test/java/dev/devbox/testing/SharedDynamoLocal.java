package dev.devbox.testing;

import dev.devbox.emulator.DynamoDbLocalServer;

/**
 * One DynamoDB Local per test JVM, started on first use and stopped at JVM exit.
 * Mutation testing runs the same test classes once per mutant in a long-lived
 * JVM; a server per class would be started (and its port bound) over and over.
 * Tests stay isolated by using a fresh table each, as they already do.
 */
public final class SharedDynamoLocal {
    private static DynamoDbLocalServer server;

    private SharedDynamoLocal() {
    }

    /** The running server; callers must not close it. */
    public static synchronized DynamoDbLocalServer server() {
        if (server == null) {
            DynamoDbLocalServer started = DynamoDbLocalServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "dynamodb-local-stop"));
            server = started;
        }
        return server;
    }
}
