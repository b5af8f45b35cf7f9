package dev.devbox.pipeline;

import java.util.Random;

/**
 * One random schedule's shape, drawn from its seed: how many projects share the
 * stack and the reconciler, how many cycles, how unreliable EventBridge is, how
 * slowly and how reliably EC2 finishes snapshots and AMIs, what the users do to
 * their boxes, and which fault hits which round.
 */
record Schedule(long seed, int projects, int rounds, int volumes, int retain, double drop, double duplicate,
                double late, boolean reorder, boolean slow, double failRate, double reconcileChance,
                double attach, double detach, double stop, double deleteSnapshot, int faultRound, FaultKind faultKind) {

    enum FaultKind { NONE, DYNAMO_BEFORE, DYNAMO_AFTER, EC2_BEFORE, EC2_AFTER }

    static Schedule draw(long seed) {
        Random r = new Random(seed);
        int rounds = 1 + r.nextInt(3);
        return new Schedule(seed, 1 + r.nextInt(3), rounds, 1 + r.nextInt(3), 1 + r.nextInt(3),
                r.nextDouble() * 0.3, r.nextDouble() * 0.5, r.nextDouble() * 0.2, r.nextBoolean(), r.nextInt(3) > 0,
                r.nextInt(3) == 0 ? 0 : r.nextDouble() * 0.15, r.nextDouble() * 0.1,
                r.nextDouble() * 0.4, r.nextDouble() * 0.3, r.nextDouble() * 0.3, r.nextInt(4) == 0 ? 0.3 : 0,
                1 + r.nextInt(rounds), FaultKind.values()[r.nextInt(FaultKind.values().length)]);
    }

    @Override
    public String toString() {
        return String.format("seed %d: projects=%d rounds=%d volumes=%d retain=%d drop=%.2f duplicate=%.2f late=%.2f"
                        + " reorder=%s slow=%s failRate=%.2f reconcile=%.2f attach=%.2f detach=%.2f stop=%.2f"
                        + " deleteSnapshot=%.2f fault=%s in round %d",
                seed, projects, rounds, volumes, retain, drop, duplicate, late, reorder, slow, failRate,
                reconcileChance, attach, detach, stop, deleteSnapshot, faultKind, faultRound);
    }
}
