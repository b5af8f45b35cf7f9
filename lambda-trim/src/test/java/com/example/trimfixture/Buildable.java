package com.example.trimfixture;

/** Stands in for the SDK's SdkBuilder: a library interface that every request builder implements. */
public interface Buildable<T> {
    T build();
}
