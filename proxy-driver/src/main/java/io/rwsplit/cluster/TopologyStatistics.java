package io.rwsplit.cluster;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what following the primary cost the app: waits for one, writes moved to a new one, failures. */
public final class TopologyStatistics {

    /**
     * The counters at one moment.
     *
     * @param primaryChanges       times the primary moved, became unknown or was known again
     * @param waits                statements that waited for a primary and found one
     * @param longestWaitMillis    the longest of those waits
     * @param noPrimary            statements that found no primary within rwsplit.primaryWait (not executed)
     * @param writesRetried        writes refused as read-only by a demoted primary and run on the new one
     * @param transactionsLost     transactions rolled back (SQLState 40001) because their primary was replaced
     */
    public record Counts(long primaryChanges, long waits, long longestWaitMillis, long noPrimary, long writesRetried,
                         long transactionsLost) {
    }

    private final LongAdder waits = new LongAdder();
    private final LongAccumulator longestWaitNanos = new LongAccumulator(Math::max, 0);
    private final LongAdder noPrimary = new LongAdder();
    private final LongAdder writesRetried = new LongAdder();
    private final LongAdder transactionsLost = new LongAdder();

    TopologyStatistics() {
    }

    void recordWait(long nanos) {
        waits.increment();
        longestWaitNanos.accumulate(nanos);
    }

    void recordNoPrimary() {
        noPrimary.increment();
    }

    /** A write refused as read-only by the old primary ran on the new one. */
    public void recordWriteRetried() {
        writesRetried.increment();
    }

    /** A transaction on a replaced primary was rolled back with SQLState 40001. */
    public void recordTransactionLost() {
        transactionsLost.increment();
    }

    public long writesRetried() {
        return writesRetried.sum();
    }

    public long transactionsLost() {
        return transactionsLost.sum();
    }

    public long noPrimary() {
        return noPrimary.sum();
    }

    /** @param primaryChanges the cluster's count of primary changes */
    Counts counts(long primaryChanges) {
        return new Counts(primaryChanges, waits.sum(), longestWaitNanos.get() / 1_000_000, noPrimary.sum(),
                writesRetried.sum(), transactionsLost.sum());
    }
}
