package dev.devbox.bench.child;

/**
 * Lambda's init for one handler, as the Java runtime does it: load the handler class and call its
 * no-arg constructor (where devbox builds its Dagger graph and SDK clients). Nothing else: no event,
 * no SDK classes touched first, so the whole cost lands in the constructor as it does on Lambda.
 *
 * <p>args: handler class name. Prints {@code INIT main=NANOS ready=NANOS} (System.nanoTime, which is
 * CLOCK_MONOTONIC on Linux, so the parent's reading taken before it started this process is
 * comparable) and exits. Depends on nothing but the JDK, so bench/lambda-init-paired.sh compiles it alone.
 */
public final class HandlerInitChild {
    private HandlerInitChild() {
    }

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        Object handler = Class.forName(args[0]).getConstructor().newInstance();
        long ready = System.nanoTime();
        // Printing the handler's class keeps the construction from being anything but real.
        System.out.println("INIT main=" + main + " ready=" + ready + " handler=" + handler.getClass().getName());
    }
}
