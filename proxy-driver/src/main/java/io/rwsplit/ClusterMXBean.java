package io.rwsplit;

import java.util.Map;

/**
 * What JMX consoles see of one cluster, under {@code io.rwsplit:type=Cluster,name=<cluster name>}: the replica
 * monitor's view and the routing counters. Read-only.
 */
public interface ClusterMXBean {

    String getName();

    /** The primary's address, or {@code none: <why>} while the monitor knows no single primary. */
    String getPrimary();

    /** Times the primary moved (switchover, failover), became unknown or was known again. */
    long getPrimaryChanges();

    /** Writes refused as read-only by a demoted primary that then ran on the new one. */
    long getWritesRetriedOnNewPrimary();

    /** Statements that found no primary within rwsplit.primaryWait, and were not executed. */
    long getNoPrimaryFailures();

    /** Transactions on the primary rolled back with SQLState 40001: their connection broke or the primary moved. */
    long getTransactionsLostWithPrimary();

    /** One line per replica: address, state, serving or not, lag, transactions behind, reason. */
    String[] getReplicas();

    /** Replicas that serve reads now. */
    int getServingReplicas();

    /** Lag per replica address in milliseconds; -1 when unknown. */
    Map<String, Long> getReplicaLagMillis();

    /** Transactions behind the primary per replica address; -1 when unknown. */
    Map<String, Long> getReplicaTransactionsBehind();

    /** Statements run per server address, primary included. */
    Map<String, Long> getStatementsByServer();

    /** Statements per routing decision (the reason: write, read, transaction, hint, fallback, ...). */
    Map<String, Long> getStatementsByRoute();

    /** Replica reads retried elsewhere after their replica failed. */
    long getRetries();

    /** Optimistic transactions that moved to the primary at their first write, their reads replayed the same there. */
    long getTransactionPromotions();

    /** Transactions that went on on another server after their replica failed, replayed the same there. */
    long getTransactionReplays();

    /**
     * Transactions rolled back with SQLState 40001 because they could not go on on another server, by reason:
     * result-differed, journal-limit, not-replayable, replay-failed.
     */
    Map<String, Long> getTransactionMismatches();

    /** {@code rwsplit.readYourWrites}: off, primary-window, gtid or gtid-wait. */
    String getReadYourWrites();

    /** Reads that had a write to see and went to a replica already known to have applied it. */
    long getCausalReadsCovered();

    /** Waits on a replica for a write to be applied. */
    long getCausalWaits();

    /** Of those waits, the ones that saw the write applied within the causal timeout. */
    long getCausalWaitsReached();

    /** Replica-bound reads sent to the primary for read-your-writes (window open, or no replica had the write). */
    long getCausalReadsOnPrimary();

    /**
     * Waits the catch-up watcher ran on replicas, off the app's threads, to learn when one has applied a write (gtid
     * mode).
     */
    long getCatchUpWaits();

    /**
     * Transactions started right after their connection's write that waited a little for the catch-up watcher to
     * see their replica apply it (gtid mode, optimistic transactions).
     */
    long getTransactionStartWaits();
}
