package dev.devbox.bench.child;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Time spent inside SDK calls, so a handler's own time can be told apart from the
 * emulator's: {@code callNanos} is beforeExecution..afterExecution (the whole SDK call:
 * marshalling, signing, HTTP, unmarshalling); {@code wireNanos} is beforeTransmission..
 * afterTransmission (the HTTP exchange, i.e. the emulator's latency plus loopback).
 *
 * <p>Global when used through the SDK's classpath hook (the cold-start child lists it in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}); otherwise add
 * an instance to a client's override configuration. Totals are process-wide, so only use
 * it where calls are not concurrent with the code being measured.
 */
public final class SdkTimer implements ExecutionInterceptor {
    private static final ExecutionAttribute<Long> CALL_START = new ExecutionAttribute<>("devbox.bench.callStart");
    private static final ExecutionAttribute<Long> WIRE_START = new ExecutionAttribute<>("devbox.bench.wireStart");

    public static final AtomicLong CALLS = new AtomicLong();
    public static final AtomicLong CALL_NANOS = new AtomicLong();
    public static final AtomicLong WIRE_NANOS = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(CALL_START, System.nanoTime());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(WIRE_START, System.nanoTime());
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Long start = attributes.getAttribute(WIRE_START);
        if (start != null) {
            WIRE_NANOS.addAndGet(System.nanoTime() - start);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        finish(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        finish(attributes);
    }

    private static void finish(ExecutionAttributes attributes) {
        Long start = attributes.getAttribute(CALL_START);
        if (start != null) {
            CALLS.incrementAndGet();
            CALL_NANOS.addAndGet(System.nanoTime() - start);
        }
    }

    /** A reading of the totals; subtract two to get what happened in between. */
    public record Reading(long calls, long callNanos, long wireNanos) {
        public Reading minus(Reading earlier) {
            return new Reading(calls - earlier.calls, callNanos - earlier.callNanos, wireNanos - earlier.wireNanos);
        }
    }

    public static Reading read() {
        return new Reading(CALLS.get(), CALL_NANOS.get(), WIRE_NANOS.get());
    }
}
