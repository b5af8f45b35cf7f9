package dev.devbox.testing;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Breaks the N-th SDK call (counted across every client it is added to):
 * {@link Mode#THROTTLE} and {@link Mode#SERVER_ERROR} fail the call before it
 * is sent, {@link Mode#CRASH_AFTER} lets it succeed and then throws, which is
 * what a handler crash between two steps looks like from the outside.
 */
public final class FaultInjector implements ExecutionInterceptor {
    public enum Mode { THROTTLE, SERVER_ERROR, CRASH_AFTER }

    /** The crash a handler sees after a call succeeded. */
    public static final class InjectedCrash extends RuntimeException {
        InjectedCrash(String operation) {
            super("injected crash after " + operation);
        }
    }

    private final AtomicInteger calls = new AtomicInteger();
    private volatile int target = -1;
    private volatile Mode mode = Mode.THROTTLE;
    private volatile String fired;

    /** Breaks call number {@code callIndex} (0-based, counted from now). */
    public void arm(int callIndex, Mode mode) {
        this.mode = mode;
        this.fired = null;
        calls.set(0);
        this.target = callIndex;
    }

    public void disarm() {
        target = -1;
    }

    /** Calls seen since {@link #arm}. */
    public int calls() {
        return calls.get();
    }

    /** The operation the fault hit, or null. */
    public String fired() {
        return fired;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (mode == Mode.CRASH_AFTER || target < 0) {
            return;
        }
        if (calls.getAndIncrement() == target) {
            fired = operation(attributes);
            throw AwsServiceException.builder()
                    .statusCode(mode == Mode.THROTTLE ? 400 : 500)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode(mode == Mode.THROTTLE ? "ThrottlingException" : "InternalError")
                            .errorMessage("injected " + mode).serviceName(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                            .build())
                    .message("injected " + mode + " at " + fired)
                    .build();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (mode != Mode.CRASH_AFTER || target < 0) {
            return;
        }
        if (calls.getAndIncrement() == target) {
            fired = operation(attributes);
            throw new InjectedCrash(fired);
        }
    }

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }
}
