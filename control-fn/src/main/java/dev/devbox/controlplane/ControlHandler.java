package dev.devbox.controlplane;

import com.amazonaws.services.lambda.runtime.Context;
import dev.devbox.di.SnapStartPriming;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.devbox.control.ControlEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The control plane's function URL -> {@link ControlEndpoint}. Thin: the event in, the response
 * out. Every refusal and failure is an HTTP reply (a function URL does not retry), so the
 * handler itself throws only when it cannot read or write the stream.
 */
public final class ControlHandler implements RequestStreamHandler {
    /** Held here: the runtime holds its hooks weakly (null outside Lambda's own constructor). */
    private SnapStartPriming priming;
    private final ControlEndpoint endpoint;

    /** Lambda's constructor: the graph is built here, during init, so SnapStart captures it. */
    public ControlHandler() {
        this(ControlFunction.fromEnvironment());
    }

    private ControlHandler(ControlFunction component) {
        this(component.endpoint());
        this.priming = component.priming().register();
    }

    public ControlHandler(ControlEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String response = endpoint.handle(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }
}
