package io.rwsplit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/** What the chaos test's client threads saw: operations, failures by kind and SQLState, latencies, stale reads. */
final class ChaosTally {

    /** The operations of the workload. */
    enum Operation {
        POINT_READ(true), READ_ONLY_TRANSACTION(false), WRITE_TRANSACTION(false), OWN_WRITE_READ(true);

        final boolean autocommitRead;

        Operation(boolean autocommitRead) {
            this.autocommitRead = autocommitRead;
        }
    }

    private final Map<Operation, AtomicLong> done = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<Operation, LongAccumulator> maxMillis = new ConcurrentHashMap<>();
    private final Map<Operation, Long> longestStartedAt = new ConcurrentHashMap<>();
    private final long originNanos;
    private final List<String> examples = new ArrayList<>();
    private final AtomicLong staleReads = new AtomicLong();
    private final AtomicLong lastPointRead = new AtomicLong();
    private final LongAccumulator longestReadGap = new LongAccumulator(Math::max, 0);
    private final AtomicLong ownWritesMissed = new AtomicLong();
    private final AtomicLong autocommitReadFailuresOutsidePrimaryOutage = new AtomicLong();
    private final AtomicLong readOnlyTransactionFailuresOutsidePrimaryOutage = new AtomicLong();

    /** @param originNanos when the run started ({@link System#nanoTime()}): times are printed relative to it */
    ChaosTally(long originNanos) {
        this.originNanos = originNanos;
    }

    void succeeded(Operation operation, long nanos) {
        done.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        took(operation, nanos);
        if (operation == Operation.POINT_READ) {
            long now = System.nanoTime();
            long previous = lastPointRead.getAndSet(now);
            if (previous > 0) {
                longestReadGap.accumulate(now - previous);
            }
        }
    }

    /** The longest time between two point reads completing, in ms: how long reads stopped, if ever. */
    long longestReadGapMillis() {
        return longestReadGap.get() / 1_000_000;
    }

    /** Failures of one operation, inside the primary's window or not. */
    long failures(Operation operation) {
        long count = 0;
        for (Map.Entry<String, AtomicLong> entry : failures.entrySet()) {
            if (entry.getKey().startsWith(operation + " ")) {
                count += entry.getValue().get();
            }
        }
        return count;
    }

    void failed(Operation operation, long nanos, SQLException e, boolean primaryOut) {
        String key = operation + (primaryOut ? " (primary restart window)" : "") + " SQLState " + e.getSQLState();
        failures.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        if (operation.autocommitRead && !primaryOut) {
            autocommitReadFailuresOutsidePrimaryOutage.incrementAndGet();
        }
        if (operation == Operation.READ_ONLY_TRANSACTION && !primaryOut) {
            readOnlyTransactionFailuresOutsidePrimaryOutage.incrementAndGet();
        }
        took(operation, nanos);
        synchronized (examples) {
            if (examples.size() < 15) {
                examples.add(key + ": " + e.getClass().getSimpleName() + ": "
                        + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
        }
    }

    /** A read did not see a row acknowledged more than the staleness bound before it started. */
    void staleRead(String what) {
        staleReads.incrementAndGet();
        synchronized (examples) {
            examples.add("stale read: " + what);
        }
    }

    /** A read right after a write on the same connection did not see it. */
    void ownWriteMissed(String what) {
        ownWritesMissed.incrementAndGet();
        synchronized (examples) {
            examples.add("read-your-writes missed: " + what);
        }
    }

    private void took(Operation operation, long nanos) {
        LongAccumulator max = maxMillis.computeIfAbsent(operation, o -> new LongAccumulator(Math::max, 0));
        long millis = nanos / 1_000_000;
        if (millis > max.get()) {
            max.accumulate(millis);
            longestStartedAt.put(operation, System.nanoTime() - nanos - originNanos);
        }
    }

    long done(Operation operation) {
        AtomicLong count = done.get(operation);
        return count == null ? 0 : count.get();
    }

    long readOnlyTransactionFailuresOutsidePrimaryOutage() {
        return readOnlyTransactionFailuresOutsidePrimaryOutage.get();
    }

    long autocommitReadFailuresOutsidePrimaryOutage() {
        return autocommitReadFailuresOutsidePrimaryOutage.get();
    }

    long maxMillis() {
        return maxMillis.values().stream().mapToLong(LongAccumulator::get).max().orElse(0);
    }

    long staleReads() {
        return staleReads.get();
    }

    long ownWritesMissed() {
        return ownWritesMissed.get();
    }

    String summary() {
        StringBuilder text = new StringBuilder("operations:");
        for (Operation operation : Operation.values()) {
            LongAccumulator max = maxMillis.get(operation);
            Long at = longestStartedAt.get(operation);
            text.append("\n  ").append(operation).append(": ").append(done(operation)).append(" ok, longest ")
                    .append(max == null ? 0 : max.get()).append(" ms")
                    .append(at == null ? "" : String.format(" (started at %.1f s)", at / 1e9));
        }
        text.append("\nfailures by kind:");
        new TreeMap<>(failures).forEach((kind, count) -> text.append("\n  ").append(kind).append(": ").append(count));
        text.append("\nstale reads: ").append(staleReads.get()).append("; read-your-writes misses: ")
                .append(ownWritesMissed.get());
        synchronized (examples) {
            examples.forEach(example -> text.append("\n  e.g. ").append(example));
        }
        return text.toString();
    }
}
