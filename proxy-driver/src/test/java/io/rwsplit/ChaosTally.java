package io.rwsplit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/** What the chaos test's client threads saw: operations, failures by kind and SQLState, latencies. */
final class ChaosTally {

    /** The operations of the workload. */
    enum Operation { POINT_READ, READ_ONLY_TRANSACTION, WRITE_TRANSACTION, OWN_WRITE_READ }

    private final Map<Operation, AtomicLong> done = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<Operation, LongAccumulator> maxMillis = new ConcurrentHashMap<>();
    private final List<String> examples = new ArrayList<>();
    private final AtomicLong staleReads = new AtomicLong();
    private final AtomicLong staleReadsInPrimaryOutage = new AtomicLong();

    void succeeded(Operation operation, long nanos) {
        done.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        took(operation, nanos);
    }

    void failed(Operation operation, long nanos, SQLException e, boolean primaryOut) {
        String key = operation + (primaryOut ? " (primary restart window)" : "") + " SQLState " + e.getSQLState();
        failures.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        took(operation, nanos);
        synchronized (examples) {
            if (examples.size() < 12) {
                examples.add(key + ": " + e.getMessage().replace('\n', ' '));
            }
        }
    }

    void staleRead(boolean primaryOut) {
        (primaryOut ? staleReadsInPrimaryOutage : staleReads).incrementAndGet();
    }

    private void took(Operation operation, long nanos) {
        maxMillis.computeIfAbsent(operation, o -> new LongAccumulator(Math::max, 0)).accumulate(nanos / 1_000_000);
    }

    long done(Operation operation) {
        AtomicLong count = done.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Failures of this operation outside the primary's restart window. */
    long failuresOutsidePrimaryOutage(Operation operation) {
        return failures.entrySet().stream().filter(e -> e.getKey().startsWith(operation + " SQLState"))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    long maxMillis() {
        return maxMillis.values().stream().mapToLong(LongAccumulator::get).max().orElse(0);
    }

    long staleReads() {
        return staleReads.get();
    }

    String summary() {
        StringBuilder text = new StringBuilder("operations done:");
        for (Operation operation : Operation.values()) {
            LongAccumulator max = maxMillis.get(operation);
            text.append("\n  ").append(operation).append(": ").append(done(operation)).append(" ok, max ")
                    .append(max == null ? 0 : max.get()).append(" ms");
        }
        text.append("\nfailures by kind:");
        new TreeMap<>(failures).forEach((kind, count) -> text.append("\n  ").append(kind).append(": ").append(count));
        text.append("\nstale reads: ").append(staleReads.get()).append(" (while the primary was down: ")
                .append(staleReadsInPrimaryOutage.get()).append(")");
        synchronized (examples) {
            examples.forEach(example -> text.append("\n  e.g. ").append(example));
        }
        return text.toString();
    }
}
