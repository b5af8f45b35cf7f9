package dev.devbox.emulator.events;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * EventBridge for the emulator: watches EC2 (instances, own snapshots, own
 * images) and delivers the events AWS would send to subscribed handlers.
 *
 * <p>Deterministic when driven by {@link #poll()}; {@link #start(Duration)}
 * polls in the background for local mode. A {@link FaultPlan} makes delivery as
 * unreliable as AWS allows (drops, duplicates, delays) and {@link #reorderWithSeed}
 * shuffles each poll's batch. A subscriber that throws gets the event again at
 * the next poll, up to {@code maxAttempts}, like an EventBridge retry policy.
 */
public final class LocalEventSource implements AutoCloseable {
    private static final int DEFAULT_MAX_ATTEMPTS = 3;

    private record Subscription(Set<String> detailTypes, EventSink sink) {
        boolean wants(AwsEvent event) {
            return detailTypes.isEmpty() || detailTypes.contains(event.detailType());
        }
    }

    /** One copy of one event for one subscription, due after {@code pollsLeft} more polls. */
    private record Pending(AwsEvent event, Subscription target, int pollsLeft, int copy, int attempt) {
        Pending tick() {
            return new Pending(event, target, pollsLeft - 1, copy, attempt);
        }
    }

    private final Ec2Client ec2;
    private final String account;
    private final StateDiff diff;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final List<Delivery> history = Collections.synchronizedList(new ArrayList<>());
    private final List<Pending> pending = new ArrayList<>();
    private FaultPlan faults = FaultPlan.none();
    private Random reorder;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Ec2Observation last = Ec2Observation.empty();
    private ScheduledExecutorService poller;
    private Consumer<RuntimeException> pollErrors = e -> { };

    public LocalEventSource(Ec2Client ec2, String region, String account) {
        this(ec2, region, account, Clock.systemUTC());
    }

    public LocalEventSource(Ec2Client ec2, String region, String account, Clock clock) {
        this.ec2 = ec2;
        this.account = account;
        this.diff = new StateDiff(new AwsEventFactory(region, account, clock));
    }

    /** Delivers events of these detail-types (empty: all) to the sink. */
    public LocalEventSource subscribe(Set<String> detailTypes, EventSink sink) {
        subscriptions.add(new Subscription(Set.copyOf(detailTypes), sink));
        return this;
    }

    public synchronized LocalEventSource withFaults(FaultPlan plan) {
        this.faults = plan;
        return this;
    }

    /** Shuffles every poll's batch of events with this seed, so handlers see them out of order. */
    public synchronized LocalEventSource reorderWithSeed(long seed) {
        this.reorder = new Random(seed);
        return this;
    }

    public synchronized LocalEventSource maxAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = attempts;
        return this;
    }

    /** Called with any error of a background poll (the emulator went away, say). */
    public synchronized LocalEventSource onPollError(Consumer<RuntimeException> listener) {
        this.pollErrors = listener;
        return this;
    }

    /** Takes the current world as the baseline: what exists now produces no events. */
    public synchronized void prime() {
        last = Ec2Observation.take(ec2, account);
    }

    /** One look at EC2 and one round of deliveries; returns what happened in it. */
    public synchronized List<Delivery> poll() {
        Ec2Observation now = Ec2Observation.take(ec2, account);
        List<AwsEvent> fresh = diff.between(last, now);
        last = now;

        List<Pending> batch = new ArrayList<>();
        List<Pending> stillHeld = new ArrayList<>();
        for (Pending held : pending) {
            if (held.pollsLeft() <= 1) {
                batch.add(held);
            } else {
                stillHeld.add(held.tick());
            }
        }
        pending.clear();
        pending.addAll(stillHeld);

        List<Delivery> results = new ArrayList<>();
        for (AwsEvent event : fresh) {
            Fault fault = faults.decide(event);
            if (fault instanceof Fault.Drop) {
                results.add(new Delivery(event, Delivery.Outcome.DROPPED, 1, null));
                continue;
            }
            int copies = fault instanceof Fault.Duplicate duplicate ? duplicate.copies() : 1;
            int delay = fault instanceof Fault.Delay held ? held.polls() : 0;
            if (delay > 0) {
                results.add(new Delivery(event, Delivery.Outcome.DELAYED, 1, null));
            }
            for (Subscription target : subscriptions) {
                if (!target.wants(event)) {
                    continue;
                }
                for (int copy = 1; copy <= copies; copy++) {
                    Pending item = new Pending(event, target, delay, copy, 1);
                    (delay > 0 ? pending : batch).add(item);
                }
            }
        }
        if (reorder != null) {
            Collections.shuffle(batch, reorder);
        }
        for (Pending item : batch) {
            results.add(deliver(item));
        }
        history.addAll(results);
        return results;
    }

    private Delivery deliver(Pending item) {
        try {
            item.target().sink().accept(item.event().json());
            return new Delivery(item.event(), Delivery.Outcome.DELIVERED, item.copy(), null);
        } catch (Exception e) {
            if (item.attempt() < maxAttempts) {
                pending.add(new Pending(item.event(), item.target(), 1, item.copy(), item.attempt() + 1));
            }
            return new Delivery(item.event(), Delivery.Outcome.FAILED, item.copy(), String.valueOf(e));
        }
    }

    /** Every delivery decision since this source was made, oldest first. */
    public List<Delivery> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Events held back by a delay or awaiting a retry. */
    public synchronized int heldBack() {
        return pending.size();
    }

    /** Primes, then polls every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        prime();
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "devbox-local-events");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (RuntimeException e) {
                pollErrors.accept(e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
