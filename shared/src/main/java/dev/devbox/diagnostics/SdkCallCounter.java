package dev.devbox.diagnostics;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts SDK calls by service and operation (one count per API call, retries
 * not included). Add it to any client builder's override configuration; tests
 * and benchmarks use it to show per-event work does not grow with the table.
 */
public final class SdkCallCounter implements ExecutionInterceptor {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counts.computeIfAbsent(service + ":" + operation, k -> new AtomicLong()).incrementAndGet();
    }

    /** Counts so far as "Service:Operation" -> calls, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Calls to one service (the SDK's service name: "Ec2", "DynamoDb") so far. */
    public long total(String service) {
        return snapshot().entrySet().stream().filter(e -> e.getKey().startsWith(service + ":"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    public long total() {
        return snapshot().values().stream().mapToLong(Long::longValue).sum();
    }

    public void reset() {
        counts.clear();
    }
}
