package dev.devbox.testing;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Breaks SDK calls (counted across every client it is added to).
 * {@link Mode#THROTTLE} and {@link Mode#SERVER_ERROR} fail the N-th call before
 * it is sent; {@link Mode#CRASH_AFTER} lets the N-th call succeed and then
 * throws, which is what a handler crash between two steps looks like. A before
 * fault and a crash can be armed together; each fires once.
 */
public final class FaultInjector implements ExecutionInterceptor {
    public enum Mode { THROTTLE, SERVER_ERROR, CRASH_AFTER }

    /** The crash a handler sees after a call succeeded. */
    public static final class InjectedCrash extends RuntimeException {
        InjectedCrash(String operation) {
            super("injected crash after " + operation);
        }
    }

    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final List<String> fired = new ArrayList<>();
    private volatile int failAt = -1;
    private volatile Mode failMode = Mode.THROTTLE;
    private volatile int crashAt = -1;
    private volatile String failOperation;

    /** Arms one fault at call {@code callIndex} (0-based, counted from now). */
    public synchronized void arm(int callIndex, Mode mode) {
        reset();
        if (mode == Mode.CRASH_AFTER) {
            crashAt = callIndex;
        } else {
            failAt = callIndex;
            failMode = mode;
        }
    }

    /** Arms a fault before call {@code failIndex} and a crash after successful call {@code crashIndex}. */
    public synchronized void armBoth(int failIndex, Mode mode, int crashIndex) {
        reset();
        failAt = failIndex;
        failMode = mode;
        crashAt = crashIndex;
    }

    /** Fails the next call of one operation (e.g. "CreateSnapshot") before it is sent, once. */
    public synchronized void armOnOperation(String operation, Mode mode) {
        reset();
        failOperation = operation;
        failMode = mode;
    }

    public synchronized void disarm() {
        failAt = -1;
        crashAt = -1;
        failOperation = null;
    }

    /** Calls sent since the last arm, while a before-fault is armed (a dry run arms one it never reaches). */
    public int callsSent() {
        return sent.get();
    }

    /** Calls that succeeded since the last arm, while a crash is armed. */
    public int callsCompleted() {
        return completed.get();
    }

    /** The operations faults hit so far ("Service:Operation"), or null if none fired. */
    public synchronized String fired() {
        return fired.isEmpty() ? null : String.join(", ", fired);
    }

    private void reset() {
        sent.set(0);
        completed.set(0);
        fired.clear();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        boolean operationHit = failOperation != null
                && failOperation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        if (operationHit) {
            failOperation = null;
        }
        if (operationHit || failAt >= 0 && sent.getAndIncrement() == failAt) {
            String operation = record(attributes);
            boolean throttle = failMode == Mode.THROTTLE;
            throw AwsServiceException.builder()
                    .statusCode(throttle ? 400 : 500)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode(throttle ? "ThrottlingException" : "InternalError")
                            .errorMessage("injected " + failMode)
                            .serviceName(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                            .build())
                    .message("injected " + failMode + " at " + operation)
                    .build();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (crashAt >= 0 && completed.getAndIncrement() == crashAt) {
            throw new InjectedCrash(record(attributes));
        }
    }

    private synchronized String record(ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        fired.add(operation);
        return operation;
    }
}
