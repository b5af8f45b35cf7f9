package dev.devbox.cli.it;

import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

/**
 * Breaks the CLI's RunInstances, on its EC2 client. {@link When#AFTER_EFFECT}: the request
 * reaches the emulator, which starts the box, and then the caller sees an error (the response was
 * lost), once; it is thrown after the SDK's retry loop, as a retried call's last error would be.
 * {@link When#BEFORE_SENDING}: every attempt fails before it is sent, so nothing starts.
 */
final class RunInstancesFault implements ExecutionInterceptor {
    enum When { AFTER_EFFECT, BEFORE_SENDING }

    /** What the caller sees: a 5xx from EC2, or no answer at all. */
    enum Error { SERVER_ERROR, TIMEOUT }

    private final When when;
    private final Error error;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger fired = new AtomicInteger();

    RunInstancesFault(When when, Error error) {
        this.when = when;
        this.error = error;
    }

    /** RunInstances attempts that went out (SDK retries included). */
    int sent() {
        return sent.get();
    }

    /** How many times the fault was thrown. */
    int fired() {
        return fired.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof RunInstancesRequest && when == When.BEFORE_SENDING) {
            fired.incrementAndGet();
            throw error();
        }
        if (context.request() instanceof RunInstancesRequest) {
            sent.incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof RunInstancesRequest && when == When.AFTER_EFFECT
                && fired.getAndIncrement() == 0) {
            throw error();
        }
    }

    private RuntimeException error() {
        return switch (error) {
            case SERVER_ERROR -> Ec2Exception.builder().statusCode(500).message("InternalError (injected by the test)")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").serviceName("EC2")
                            .errorMessage("An internal error has occurred.").build())
                    .build();
            case TIMEOUT -> SdkClientException.builder().message("Unable to execute HTTP request: Read timed out"
                    + " (injected by the test)").cause(new SocketTimeoutException("Read timed out")).build();
        };
    }
}
