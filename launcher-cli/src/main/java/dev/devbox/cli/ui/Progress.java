package dev.devbox.cli.ui;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress of a long step on stderr. On a terminal: one spinner line, redrawn in place with the
 * elapsed time. Elsewhere (CI, pipes, tests): one plain line per distinct message, no escapes.
 */
public final class Progress implements AutoCloseable {
    private static final String[] FRAMES = {"|", "/", "-", "\\"};

    private final PrintWriter err;
    private final Style style;
    private final boolean animate;
    private final Clock clock;
    private final Instant started;
    private volatile String message;
    private String lastPrinted;
    private Thread spinner;

    private Progress(PrintWriter err, Style style, boolean animate, Clock clock, String message) {
        this.err = err;
        this.style = style;
        this.animate = animate;
        this.clock = clock;
        this.started = clock.instant();
        this.message = message;
    }

    /** Starts showing {@code message}; animate only when stderr is a terminal. */
    public static Progress start(PrintWriter err, Style style, boolean animate, Clock clock, String message) {
        Progress progress = new Progress(err, style, animate, clock, message);
        if (animate) {
            progress.spinner = new Thread(progress::spin, "devbox-progress");
            progress.spinner.setDaemon(true);
            progress.spinner.start();
        } else {
            progress.printPlain(message);
        }
        return progress;
    }

    /** Changes the message (a new stage of the same wait). */
    public void update(String newMessage) {
        this.message = newMessage;
        if (!animate) {
            printPlain(newMessage);
        }
    }

    /** Ends with a success line. */
    public void done(String finalMessage) {
        stop();
        synchronized (err) {
            err.println(clear() + style.green("✓") + " " + finalMessage + style.dim(" (" + elapsed() + ")"));
            err.flush();
        }
    }

    /** Ends with a failure line. */
    public void fail(String finalMessage) {
        stop();
        synchronized (err) {
            err.println(clear() + style.red("✗") + " " + finalMessage + style.dim(" (" + elapsed() + ")"));
            err.flush();
        }
    }

    @Override
    public void close() {
        boolean wasRunning = spinner != null && spinner.isAlive();
        stop();
        if (wasRunning) {
            synchronized (err) {
                err.print(clear());
                err.flush();
            }
        }
    }

    public Duration elapsedTime() {
        return Duration.between(started, clock.instant());
    }

    private String elapsed() {
        long s = elapsedTime().toSeconds();
        return s < 60 ? s + "s" : (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }

    private String clear() {
        return animate ? "\r\u001b[2K" : "";
    }

    private synchronized void printPlain(String text) {
        if (!text.equals(lastPrinted)) {
            lastPrinted = text;
            synchronized (err) {
                err.println("… " + text);
                err.flush();
            }
        }
    }

    private void stop() {
        Thread t = spinner;
        if (t != null) {
            t.interrupt();
            try {
                t.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void spin() {
        int frame = 0;
        while (!Thread.currentThread().isInterrupted()) {
            synchronized (err) {
                err.print(clear() + style.cyan(FRAMES[frame++ % FRAMES.length]) + " " + message + style.dim(" (" + elapsed() + ")"));
                err.flush();
            }
            try {
                Thread.sleep(120);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
