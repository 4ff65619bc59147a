package io.rwsplit.consistency;

/**
 * Counts of replica-bound reads that had an earlier write to respect.
 *
 * @param coveredReads      went to a replica the monitor or an earlier wait already knew to have the write
 * @param waits             waited on a replica for the write ({@code MASTER_GTID_WAIT} or
 *                          {@code WAIT_FOR_EXECUTED_GTID_SET})
 * @param waitsReached      of those, the replica applied the write within the causal timeout
 * @param primaryReads      went to the primary instead: wait timed out or failed, or within the primary window
 */
public record ConsistencyStatistics(long coveredReads, long waits, long waitsReached, long primaryReads) {
}
