package io.rwsplit.jdbc;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.cluster.TransactionStatistics.Mismatch;
import io.rwsplit.monitor.ReplicaSnapshot;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the open transaction of a replica to another server by replaying its journal there and comparing every
 * answer: to the primary, at an optimistic transaction's first statement that must run there; to another replica (else
 * the primary), when its replica breaks. If an answer differs, or the journal cannot be replayed, the transaction is
 * rolled back and the app gets SQLState 40001, which says it may run the transaction again: nothing was written.
 */
final class TransactionMove {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionMove.class);

    private final Cluster cluster;
    private final RoutingState state;
    private final HeldConnections held;
    private final TransactionJournal journal;

    TransactionMove(Cluster cluster, RoutingState state, HeldConnections held, TransactionJournal journal) {
        this.cluster = cluster;
        this.state = state;
        this.held = held;
        this.journal = journal;
    }

    /**
     * An optimistic transaction's statement must run on the primary: its replica transaction is rolled back, and the
     * primary's connection begins the transaction and replays the journal.
     *
     * @return the primary's connection, now the transaction's, ready for the statement
     */
    PhysicalConnection promote() throws SQLException {
        PhysicalConnection replica = state.transactionConnection();
        rollbackQuietly(replica);
        giveUpIfNotReplayable(null);
        PhysicalConnection primary = held.primary();
        replayOn(primary, true, null);
        return primary;
    }

    /**
     * The replica of the open transaction broke: the journal is replayed on another serving replica that has applied
     * at least what that one had when the transaction began, else on the primary.
     *
     * @param failure what the statement that found it broken threw, or null when it was found broken before
     * @return the connection the transaction now runs on
     */
    PhysicalConnection replayElsewhere(PhysicalConnection failed, SQLException failure) throws SQLException {
        held.replicaBroke(failed, failure != null ? failure : new SQLException("connection gone", "08003"));
        giveUpIfNotReplayable(failure);
        PhysicalConnection next;
        try {
            ReplicaSnapshot snapshot = cluster.snapshot();
            next = held.replica(snapshot, cluster.causalReads().covering(snapshot, journal.startPosition()));
        } catch (SQLException e) {
            throw abandon(Mismatch.NOT_REPLAYABLE, "no server could take it over (" + e.getMessage() + ")", e);
        }
        replayOn(next, false, failure);
        return next;
    }

    private void giveUpIfNotReplayable(SQLException failure) throws SQLException {
        String notReplayable = journal.whyNotReplayable();
        if (notReplayable != null) {
            throw abandon(journal.givenUpFor(), notReplayable, failure);
        }
    }

    private void replayOn(PhysicalConnection target, boolean promotion, SQLException failure) throws SQLException {
        state.moveTransaction(target);
        String difference;
        try {
            difference = JournalReplay.replay(journal, target.connection);
        } catch (SQLException e) {
            rollbackQuietly(target);
            throw abandon(Mismatch.REPLAY_FAILED, "replaying it on the " + target + " failed: " + e.getMessage(), e);
        }
        if (difference != null) {
            rollbackQuietly(target);
            throw abandon(Mismatch.RESULT_DIFFERED, difference, failure);
        }
        cluster.transactionStatistics().replayed(promotion);
        LOG.debug("{} - transaction moved to the {} ({}): {} statement(s) replayed, every answer the same",
                cluster.name(), target, promotion ? "its first write" : "its replica failed", journal.entries().size());
    }

    /** Ends the transaction here (the app's rollback() finds nothing open) and says why it cannot go on. */
    private SQLException abandon(Mismatch reason, String detail, SQLException cause) {
        state.endTransaction();
        cluster.transactionStatistics().mismatch(reason);
        LOG.info("{} - transaction rolled back, it can be retried (SQLState 40001): {}", cluster.name(), detail);
        SQLTransactionRollbackException e = new SQLTransactionRollbackException("rwsplit: the transaction was rolled "
                + "back and nothing of it was written; it can be run again. It could not go on on another server: "
                + detail, "40001", cause);
        return e;
    }

    private void rollbackQuietly(PhysicalConnection physical) {
        if (physical == null || physical.gone()) {
            return;
        }
        try {
            physical.rollBack();
        } catch (SQLException e) {
            LOG.debug("{} - rolling back on {} failed: {}", cluster.name(), physical, e.getMessage());
        }
    }
}
