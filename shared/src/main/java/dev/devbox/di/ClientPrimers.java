package dev.devbox.di;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The priming requests of the clients a function's graph built besides EC2 and DynamoDB (which
 * {@link SnapStartPriming} reads itself): each provider that builds one adds its request here, so
 * a function primes exactly the clients it has, and builds none only to prime it.
 */
@Singleton
public final class ClientPrimers {
    /** One client's priming request; what it throws is logged under {@code client}. */
    public record Primer(String client, Runnable request) {
    }

    private final List<Primer> primers = new CopyOnWriteArrayList<>();

    @Inject
    public ClientPrimers() {
    }

    public void add(Primer primer) {
        primers.add(primer);
    }

    List<Primer> all() {
        return List.copyOf(primers);
    }

    /**
     * EventBridge: a PutEvents marshalled, signed and stopped just before it is sent ({@link
     * DryRun}, on the client), as the role may only put events and priming must publish none.
     * The HTTP connection itself is primed by the EC2 and DynamoDB reads: they share the client.
     */
    public static Primer events(EventBridgeClient events, String bus) {
        return new Primer("eventbridge", () -> {
            try {
                events.putEvents(r -> r.entries(e -> e.eventBusName(bus).source("devbox.priming")
                                .detailType("devbox priming").detail("{}"))
                        .overrideConfiguration(o -> o.putExecutionAttribute(DryRun.MARK, Boolean.TRUE)));
            } catch (RuntimeException e) {
                if (!DryRun.stopped(e)) {
                    throw e;
                }
            }
        });
    }

    /** SSM: the base image parameter the control plane reads for a new project (its role may). */
    public static Primer ssm(SsmClient ssm, String parameter) {
        return new Primer("ssm", () -> ssm.getParameter(r -> r.name(parameter)));
    }

    /** On a client: stops a request marked {@link #MARK} after signing, before anything is sent. */
    public static final class DryRun implements ExecutionInterceptor {
        static final ExecutionAttribute<Boolean> MARK = new ExecutionAttribute<>("devbox.priming.dry-run");

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(MARK))) {
                throw new NotSent();
            }
        }

        static boolean stopped(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof NotSent) {
                    return true;
                }
            }
            return false;
        }

        private static final class NotSent extends RuntimeException {
            private static final long serialVersionUID = 1L;

            NotSent() {
                super("a priming request, stopped before it was sent", null, false, false);
            }
        }
    }
}
