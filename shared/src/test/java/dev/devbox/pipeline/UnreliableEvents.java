package dev.devbox.pipeline;

import dev.devbox.testing.FakeEc2;
import dev.devbox.testing.MutableClock;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * EventBridge as unreliable as AWS allows: drops, duplicates, reordering, events
 * held back past the end of their cycle, redelivery after handler errors (up to
 * three attempts), and the scheduled reconciler firing between any two events.
 */
final class UnreliableEvents {
    private final Pipeline pipeline;
    private final FakeEc2 ec2;
    private final Random random;
    private final Schedule plan;
    private final MutableClock clock;
    private final Deque<Attempt> retries = new ArrayDeque<>();
    private final List<String> late = new ArrayList<>();

    private record Attempt(String event, int number) {
    }

    UnreliableEvents(Pipeline pipeline, FakeEc2 ec2, Random random, Schedule plan, MutableClock clock) {
        this.pipeline = pipeline;
        this.ec2 = ec2;
        this.random = random;
        this.plan = plan;
        this.clock = clock;
    }

    /** Delivers until nothing new is emitted; some held-back events from earlier go out too. */
    void run() {
        for (int round = 0; round < 50; round++) {
            List<Attempt> batch = new ArrayList<>(retries);
            retries.clear();
            for (String event : ec2.drainEvents()) {
                if (random.nextDouble() < plan.drop()) {
                    continue;
                }
                if (random.nextDouble() < plan.late()) {
                    late.add(event);
                    continue;
                }
                int copies = random.nextDouble() < plan.duplicate() ? 2 + random.nextInt(2) : 1;
                for (int c = 0; c < copies; c++) {
                    batch.add(new Attempt(event, 1));
                }
            }
            for (int i = late.size() - 1; i >= 0; i--) {
                if (random.nextDouble() < 0.2) {
                    batch.add(new Attempt(late.remove(i), 1));
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            if (plan.reorder()) {
                Collections.shuffle(batch, random);
            }
            for (Attempt attempt : batch) {
                if (random.nextDouble() < plan.reconcileChance()) {
                    reconcile();
                }
                try {
                    pipeline.dispatch(attempt.event());
                } catch (RuntimeException handlerError) {
                    if (attempt.number() < 3) {
                        retries.add(new Attempt(attempt.event(), attempt.number() + 1));
                    }
                }
            }
        }
    }

    /** Every held-back event, now (they may belong to cycles long finished). */
    void flushLate() {
        List<String> all = new ArrayList<>(late);
        late.clear();
        Collections.shuffle(all, random);
        for (String event : all) {
            try {
                pipeline.dispatch(event);
            } catch (RuntimeException handlerError) {
                retries.add(new Attempt(event, 2));
            }
        }
        run();
    }

    /** Time passes beyond the stuck threshold and the scheduled reconciler runs; returns false if it failed. */
    boolean reconcile() {
        clock.advance(Duration.ofMinutes(31));
        try {
            pipeline.reconciler().reconcile();
            return true;
        } catch (RuntimeException failedRun) {
            return false; // a failed scheduled run; the next one retries
        }
    }
}
