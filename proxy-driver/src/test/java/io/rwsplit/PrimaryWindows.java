package io.rwsplit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When the primary was away (restarting, or being replaced), each window lasting a recovery time after a primary took
 * writes again: failures then are expected of writes and of reads that need the primary. Thread-safe.
 */
final class PrimaryWindows {

    private final List<long[]> windows = new CopyOnWriteArrayList<>();
    private final long recoveryNanos;

    PrimaryWindows(Duration recovery) {
        this.recoveryNanos = recovery.toNanos();
    }

    /** The primary goes away now; returns the window to {@link #close}. */
    long[] open() {
        long[] window = {System.nanoTime(), Long.MAX_VALUE};
        windows.add(window);
        return window;
    }

    /** The primary (the old one or a new one) takes writes again at {@code backNanos} ({@link System#nanoTime()}). */
    void close(long[] window, long backNanos) {
        window[1] = backNanos + recoveryNanos;
    }

    /** Whether a time ({@link System#nanoTime()}) falls within a window. */
    boolean contains(long nanos) {
        for (long[] window : windows) {
            if (nanos >= window[0] && nanos <= window[1]) {
                return true;
            }
        }
        return false;
    }
}
