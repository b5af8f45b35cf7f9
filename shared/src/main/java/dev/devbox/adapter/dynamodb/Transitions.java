package dev.devbox.adapter.dynamodb;

import dev.devbox.domain.CycleRef;
import dev.devbox.domain.ProjectState;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.Map;

/** The guard every project transition carries: expected state and generation. */
final class Transitions {
    static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private Transitions() {
    }

    static Update expect(Update update, CycleRef cycle, ProjectState expected) {
        return update.when("#state = :expectedState AND #generation = :expectedGeneration",
                Map.of(":expectedState", Values.s(expected.name()),
                        ":expectedGeneration", Values.n(cycle.generation())),
                Attr.STATE, Attr.GENERATION);
    }

    /** True if a cancelled transaction failed on a condition (not on throttling or a conflict). */
    static boolean conditionFailed(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()));
    }

    static boolean conditionFailedAt(TransactionCanceledException e, int index) {
        if (!e.hasCancellationReasons() || e.cancellationReasons().size() <= index) {
            return false;
        }
        CancellationReason reason = e.cancellationReasons().get(index);
        return CONDITION_FAILED.equals(reason.code());
    }
}
