package dev.devbox.pipeline;

/** A reconciler pass visited every stuck project but some of their steps failed; the first failure is the cause. */
public final class ReconcileIncompleteException extends RuntimeException {
    public ReconcileIncompleteException(int failed, int visited, RuntimeException first) {
        super(failed + " of " + visited + " stuck projects could not be advanced this pass; the next pass retries them",
                first);
    }
}
