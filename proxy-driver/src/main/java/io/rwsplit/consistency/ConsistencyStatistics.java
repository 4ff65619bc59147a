package io.rwsplit.consistency;

/**
 * What read-your-writes did for the replica-bound reads that had an earlier write to respect.
 *
 * @param mode         {@code off}, {@code primary-window}, {@code gtid} or {@code gtid-wait}
 * @param coveredReads went to a replica the monitor or an earlier wait already knew to have applied the write
 * @param waits        waited on a replica for the write ({@code MASTER_GTID_WAIT} or
 *                     {@code WAIT_FOR_EXECUTED_GTID_SET})
 * @param waitsReached of those, the replica applied the write within {@code rwsplit.causalReadTimeout}
 * @param primaryReads went to the primary instead: within the primary window, no replica known to have applied
 *                     the write (gtid), or the wait timed out or failed (gtid-wait)
 * @param catchUpWaits waits the catch-up watcher ran on replicas, off the app's threads, to learn when a replica has
 *                     applied a write that reads went to the primary for (gtid)
 * @param transactionStartWaits transactions started right after their connection's write that waited a little, on
 *                     the app's thread, for the catch-up watcher to see their replica apply it (gtid, optimistic
 *                     transactions)
 */
public record ConsistencyStatistics(String mode, long coveredReads, long waits, long waitsReached,
                                    long primaryReads, long catchUpWaits, long transactionStartWaits) {
}
