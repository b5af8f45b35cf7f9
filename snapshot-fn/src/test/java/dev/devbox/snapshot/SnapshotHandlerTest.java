package dev.devbox.snapshot;

import dev.devbox.pipeline.Pipeline;
import dev.devbox.testing.HandlerContract;
import java.io.OutputStream;

/** SnapshotHandler keeps the handler contract (instance-terminated.json). */
class SnapshotHandlerTest extends HandlerContract {
    @Override
    protected Handling handler(Pipeline pipeline) {
        SnapshotHandler handler = new SnapshotHandler(pipeline.instanceEvents(), pipeline.intake());
        return event -> handler.handleRequest(event, OutputStream.nullOutputStream(), null);
    }

    @Override
    protected String ownEventFixture() {
        return "instance-terminated.json";
    }

    @Override
    protected String otherFunctionsEventFixture() {
        return "ami-available.json";
    }
}
