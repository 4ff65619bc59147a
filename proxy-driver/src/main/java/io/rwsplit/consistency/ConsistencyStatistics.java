package io.rwsplit.consistency;

/**
 * What read-your-writes did for the replica-bound reads that had an earlier write to respect.
 *
 * @param mode         {@code off}, {@code primary-window} or {@code gtid}
 * @param coveredReads went to a replica the monitor or an earlier wait already knew to have applied the write
 * @param waits        waited on a replica for the write ({@code MASTER_GTID_WAIT} or
 *                     {@code WAIT_FOR_EXECUTED_GTID_SET})
 * @param waitsReached of those, the replica applied the write within {@code rwsplit.causalReadTimeout}
 * @param primaryReads went to the primary instead: within the primary window, or the wait timed out or failed
 */
public record ConsistencyStatistics(String mode, long coveredReads, long waits, long waitsReached,
                                    long primaryReads) {
}
