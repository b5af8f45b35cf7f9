package dev.devbox.cli.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The interceptors a test puts on the local control plane's own EC2 client, which starts and ends
 * the boxes: the client is built once per world, so tests add theirs here, in the order given.
 */
final class ControlEc2Taps implements ExecutionInterceptor {
    private final List<ExecutionInterceptor> taps = new CopyOnWriteArrayList<>();

    ControlEc2Taps add(ExecutionInterceptor tap) {
        taps.add(tap);
        return this;
    }

    void remove(ExecutionInterceptor tap) {
        taps.remove(tap);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        taps.forEach(t -> t.beforeExecution(context, attributes));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        taps.forEach(t -> t.beforeTransmission(context, attributes));
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        taps.forEach(t -> t.afterUnmarshalling(context, attributes));
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        for (ExecutionInterceptor t : taps) {
            SdkResponse current = response;
            response = t.modifyResponse(new Context.ModifyResponse() {
                @Override
                public SdkResponse response() {
                    return current;
                }

                @Override
                public software.amazon.awssdk.core.SdkRequest request() {
                    return context.request();
                }

                @Override
                public software.amazon.awssdk.http.SdkHttpRequest httpRequest() {
                    return context.httpRequest();
                }

                @Override
                public java.util.Optional<software.amazon.awssdk.core.async.AsyncRequestBody> asyncRequestBody() {
                    return context.asyncRequestBody();
                }

                @Override
                public java.util.Optional<software.amazon.awssdk.core.sync.RequestBody> requestBody() {
                    return context.requestBody();
                }

                @Override
                public software.amazon.awssdk.http.SdkHttpResponse httpResponse() {
                    return context.httpResponse();
                }

                @Override
                public java.util.Optional<org.reactivestreams.Publisher<java.nio.ByteBuffer>> responsePublisher() {
                    return context.responsePublisher();
                }

                @Override
                public java.util.Optional<java.io.InputStream> responseBody() {
                    return context.responseBody();
                }
            }, attributes);
        }
        return response;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        taps.forEach(t -> t.afterExecution(context, attributes));
    }
}
