package dev.devbox.cleanup;

import dev.devbox.pipeline.Pipeline;
import dev.devbox.testing.HandlerContract;
import java.io.OutputStream;

/** CleanupHandler keeps the handler contract (ami-available.json). */
class CleanupHandlerTest extends HandlerContract {
    @Override
    protected Handling handler(Pipeline pipeline) {
        CleanupHandler handler = new CleanupHandler(pipeline.imageEvents(), pipeline.intake());
        return event -> handler.handleRequest(event, OutputStream.nullOutputStream(), null);
    }

    @Override
    protected String ownEventFixture() {
        return "ami-available.json";
    }

    @Override
    protected String otherFunctionsEventFixture() {
        return "snapshot-succeeded.json";
    }
}
