package dev.devbox.bench;

import dev.devbox.emulator.LocalAws;

import java.io.OutputStream;
import java.io.PrintStream;

/** Starts the emulator without DynamoDB Local's stdout banner in the results. */
final class Quietly {
    private Quietly() {
    }

    static LocalAws start() {
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return LocalAws.start();
        } finally {
            System.setOut(original);
        }
    }
}
