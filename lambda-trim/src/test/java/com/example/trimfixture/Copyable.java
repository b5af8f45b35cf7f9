package com.example.trimfixture;

/** Stands in for the SDK's ToCopyableBuilder: a library interface that every request implements. */
public interface Copyable<B> {
    B toBuilder();
}
