package dev.devbox.ami;

import dev.devbox.pipeline.Pipeline;
import dev.devbox.testing.HandlerContract;
import java.io.OutputStream;

/** AmiHandler keeps the handler contract (snapshot-succeeded.json). */
class AmiHandlerTest extends HandlerContract {
    @Override
    protected Handling handler(Pipeline pipeline) {
        AmiHandler handler = new AmiHandler(pipeline.snapshotEvents(), pipeline.intake());
        return event -> handler.handleRequest(event, OutputStream.nullOutputStream(), null);
    }

    @Override
    protected String ownEventFixture() {
        return "snapshot-succeeded.json";
    }

    @Override
    protected String otherFunctionsEventFixture() {
        return "instance-terminated.json";
    }
}
