package io.rwsplit.monitor;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Monotonic time for every decision, and wall-clock instants derived from it for what is shown, so that a clock
 * step cannot make a replica look late or early.
 */
final class MonitorClock {

    private final LongSupplier nanos;
    private final Instant base;
    private final long baseNanos;

    MonitorClock(LongSupplier nanos, Instant base) {
        this.nanos = nanos;
        this.base = base;
        this.baseNanos = nanos.getAsLong();
    }

    static MonitorClock system() {
        return new MonitorClock(System::nanoTime, Instant.now());
    }

    long nanoTime() {
        return nanos.getAsLong();
    }

    LongSupplier nanoSupplier() {
        return nanos;
    }

    /** The wall-clock instant of a monotonic reading. */
    Instant instant(long nanoTime) {
        return base.plusNanos(nanoTime - baseNanos);
    }
}
