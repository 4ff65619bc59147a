package io.rwsplit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The chaos clients ({@link ChaosWorkload}: point reads, read-only transactions, write transactions read back at
 * once) running while a test changes the cluster's topology. Failures inside the window the test marks (from the
 * moment it takes the primary away until shortly after a new one is writable) are told apart from the others.
 */
final class TopologyLoad implements AutoCloseable {

    private final ChaosLedger ledger = new ChaosLedger();
    private final long origin = System.nanoTime();
    private final ChaosTally tally = new ChaosTally(origin);
    /** Failures until 2 s after a new primary is writable count as in the primary's window. */
    private final PrimaryWindows primaryOut = new PrimaryWindows(Duration.ofSeconds(2));
    private long[] window;
    private final AtomicLong end = new AtomicLong(Long.MAX_VALUE);
    private final Queue<Throwable> crashes = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();

    /** Starts {@code count} clients: half keep one logical connection, half take one per operation. */
    TopologyLoad(DataSource dataSource, int count, Duration stalenessBound) {
        for (int i = 0; i < count; i++) {
            ChaosWorkload workload = new ChaosWorkload(i, dataSource, i % 2 == 1, ledger, tally,
                    stalenessBound.toNanos(), primaryOut::contains, Long.MAX_VALUE);
            Thread thread = new Thread(() -> {
                try {
                    workload.runUntil(end::get);
                } catch (Throwable e) {
                    crashes.add(e);
                }
            }, "topology-client-" + i);
            clients.add(thread);
        }
        clients.forEach(Thread::start);
    }

    /** The primary is taken away now: failures from here on count as in its window until {@link #windowEnds}. */
    long windowStarts() {
        window = primaryOut.open();
        return window[0];
    }

    /** A new primary is writable since {@code nanos} ({@link System#nanoTime()}); the window ends 2 s later. */
    void windowEnds(long nanos) {
        primaryOut.close(window, nanos);
    }

    /** {@link System#nanoTime()} at an instant in the recent past. */
    static long nanosAt(Instant instant) {
        return System.nanoTime() - Duration.between(instant, Instant.now()).toNanos();
    }

    ChaosLedger ledger() {
        return ledger;
    }

    ChaosTally tally() {
        return tally;
    }

    /** Seconds since the load started, for log lines. */
    double secondsAt(long nanos) {
        return (nanos - origin) / 1e9;
    }

    /** Client threads that died of something other than an SQLException. */
    List<Throwable> crashes() {
        return List.copyOf(crashes);
    }

    /** Stops the clients and waits for them (each finishes its operation; 60 s at most). */
    @Override
    public void close() throws InterruptedException {
        end.set(System.nanoTime());
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(60).toMillis());
            if (client.isAlive()) {
                crashes.add(new AssertionError(client.getName() + " still running 60 s after the end"));
            }
        }
    }
}
