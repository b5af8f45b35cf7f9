package com.example.trimfixture;

/** Library code that calls the two interface methods, as the SDK's core does on any request. */
public final class Copier {
    private Copier() {
    }

    public static <T, B extends Buildable<T>> T copy(Copyable<B> original) {
        return original.toBuilder().build();
    }
}
