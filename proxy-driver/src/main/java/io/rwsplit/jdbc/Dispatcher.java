package io.rwsplit.jdbc;

import io.rwsplit.cluster.Backend;
import io.rwsplit.cluster.Cluster;
import io.rwsplit.consistency.CausalSession;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.monitor.ReplicationPosition;
import io.rwsplit.routing.Route;
import io.rwsplit.routing.Target;
import io.rwsplit.sql.Classification;
import io.rwsplit.sql.SqlClassifier;
import io.rwsplit.sql.StatementKind;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every execution of a logical connection takes: statements, prepared and callable statements,
 * batches, {@code commit}, {@code rollback} and {@code setAutoCommit}. Route (the router's decision, read-your-writes,
 * dry run), bind (a held physical connection brought into the session), run, retry (by {@link ReadRetry}), record
 * (statistics, the GTID a write committed) and replay (session statements on every other backend).
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Runs the execution on the physical connection it was bound to. */
    @FunctionalInterface
    interface Work<T> {
        T on(PhysicalConnection target) throws SQLException;
    }

    /** Told when the execution failed on {@code target}, before any retry: a statement drops a broken twin. */
    @FunctionalInterface
    interface FailureHook {
        void failedOn(PhysicalConnection target, SQLException failure);
    }

    private static final FailureHook NO_HOOK = (target, failure) -> { };

    private final Cluster cluster;
    private final RoutingState state;
    private final SessionSettings settings;
    private final HeldConnections held;
    private final CausalSession causal;
    private final TransactionJournal journal;
    private final TransactionMove move;
    /** The journal entry of the last execution, while its transaction is journaled; else null. */
    private JournalEntry lastEntry;

    Dispatcher(Cluster cluster, RoutingState state, SessionSettings settings, HeldConnections held) {
        this.cluster = cluster;
        this.state = state;
        this.settings = settings;
        this.held = held;
        this.causal = cluster.causalReads().newSession();
        this.journal = new TransactionJournal(cluster.transactionJournalLimit());
        this.move = new TransactionMove(cluster, state, held, journal);
    }

    /**
     * Runs one execution where the router sends it. A replica read whose connection broke runs again elsewhere, as
     * {@link ReadRetry} allows; any other failure goes to the app as the server or Connector/J raised it.
     */
    <T> T run(Execution execution, Work<T> work, FailureHook onFailure) throws SQLException {
        try {
            return dispatch(execution, work, onFailure);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    /**
     * A failure that is not an SQLException (a bug of ours, or of a library) still reaches the app as one: its error
     * handling, and its pool's, expect no other.
     */
    static SQLException unexpected(RuntimeException e) {
        return new SQLNonTransientException("rwsplit: unexpected failure: " + e, "HY000", e);
    }

    private <T> T dispatch(Execution execution, Work<T> work, FailureHook onFailure) throws SQLException {
        int budget = ReadRetry.budget(cluster.replicaCount());
        int retriesLeft = budget;
        lastEntry = null;
        PhysicalConnection target = route(execution);
        int replaysLeft = budget;
        boolean movedToNewPrimary = false;
        while (true) {
            T result;
            try {
                result = work.on(target);
            } catch (SQLException failure) {
                onFailure.failedOn(target, failure);
                if (retriesLeft > 0 && ReadRetry.mayRunElsewhere(target, failure, state)) {
                    retriesLeft--;
                    held.replicaFailed(target, failure);
                    target = route(execution);
                    continue;
                }
                if (replaysLeft > 0 && ReadRetry.mayReplayElsewhere(target, failure, state)) {
                    // The transaction's replica broke: it goes on elsewhere once its journal replays the same.
                    replaysLeft--;
                    target = move.replayElsewhere(target, failure);
                    continue;
                }
                if (!movedToNewPrimary && ReadRetry.mayRunOnNewPrimary(target, failure, state, execution.kind())) {
                    // A demoted primary refused it unexecuted: it runs once more, on the new primary.
                    movedToNewPrimary = true;
                    held.leave(target);
                    cluster.awaitPrimary(target.backend, target.backend.endpoint() + " refused the write as "
                            + "read-only (error " + failure.getErrorCode() + ")");
                    cluster.topologyStatistics().recordWriteRetried();
                    target = route(execution);
                    continue;
                }
                throw lost(target, execution, failure);
            }
            if (state.journaling() && target == state.transactionConnection()) {
                lastEntry = journal.record(execution, result);
            }
            completed(target, execution, null);
            followServerTransaction(target, execution.kind());
            if (state.transactionConnection() == null) {
                journal.release();
            }
            return result;
        }
    }

    /**
     * A stored procedure, a multi-statement or a batch may begin or end a transaction where the classifier cannot see
     * it (a BEGIN or a COMMIT inside), and DDL commits one. The primary says in its answer whether a transaction is
     * open, and the session follows: in one it keeps every statement on that connection, its reads too, until it ends.
     */
    private void followServerTransaction(PhysicalConnection target, StatementKind kind) {
        if (!kind.mayHideTransactionControl() || !target.backend.isPrimary()) {
            return;
        }
        boolean open = target.inTransactionOnServer();
        if (open && state.transactionConnection() == null) {
            state.adoptTransaction(target);
        } else if (!open && state.explicitTransaction() && target == state.transactionConnection()) {
            state.endTransaction();
        }
    }

    /**
     * Records a failure and says what it means for the app. A transaction on the primary cannot go on after its
     * connection broke or the server turned read-only, nor after the server refused its commit as read-only: it is
     * rolled back, and the app gets 40001, which it knows to retry; its next statement starts afresh. Any other
     * failure is the server's or Connector/J's, untouched.
     */
    private SQLException lost(PhysicalConnection target, Execution execution, SQLException failure)
            throws SQLException {
        boolean readOnly = ReadRetry.isReadOnlyRefusal(failure);
        boolean transactionLost = target.backend.isPrimary() && target == state.transactionConnection()
                && !state.holdsPrimaryOnlyState()
                && ReadRetry.rollsBackWhole(execution.kind()) && (ReadRetry.isBroken(target, failure) || readOnly);
        // A COMMIT statement refused as read-only committed nothing: its transaction is lost, as under commit().
        boolean commitRefused = readOnly && target.backend.isPrimary() && execution.kind() == StatementKind.COMMIT;
        if (readOnly) {
            cluster.monitor().recheck();
        }
        completed(target, execution, failure);
        if (!transactionLost && !commitRefused) {
            if (execution.kind().beginsTransaction() && target == state.transactionConnection()
                    && ReadRetry.isBroken(target, failure)) {
                // The server drops a broken session's transaction: the BEGIN left none open, so the session is out
                // of one too, rather than failing every later statement until the app calls rollback().
                state.endTransaction();
            }
            return failure;
        }
        state.endTransaction();
        return held.transactionLost(target, commitRefused ? "the server refused the commit as read-only"
                : readOnly ? "the server turned read-only" : "its connection broke", failure);
    }

    /**
     * The journal entry of the last execution when it ran in a journaled transaction: what the app reads of its
     * results must be counted. Null otherwise.
     */
    JournalEntry lastJournalEntry() {
        return lastEntry;
    }

    /** The open transaction's journal (its result sets report what the app reads into it). */
    TransactionJournal journal() {
        return journal;
    }

    <T> T run(Execution execution, Work<T> work) throws SQLException {
        return run(execution, work, NO_HOOK);
    }

    /** Decides where an execution runs, updates the session's transaction state, and binds that connection. */
    PhysicalConnection route(Execution execution) throws SQLException {
        PhysicalConnection target = route(execution.sql(), execution.classification());
        if (execution.batch() != null) {
            for (Execution statement : execution.batch()) {
                state.trackSessionEffects(statement.classification(), statement.sql(), target);
            }
        }
        return target;
    }

    /** Decides where one statement runs, updates the session's transaction state, and returns that connection. */
    PhysicalConnection route(String sql, Classification statement) throws SQLException {
        ReplicaSnapshot snapshot = cluster.snapshot();
        Route route = cluster.router().route(sql, statement, state, !snapshot.serving().isEmpty());
        if (cluster.dryRun()) {
            return dryRun(route, statement, sql, snapshot);
        }
        if (route.target() == Target.NONE) {
            cluster.statistics().recordRefused(route);
            throw refusal(route, sql);
        }
        PhysicalConnection transaction = state.transactionConnection();
        if (transaction != null && route == Route.TRANSACTION_END && transaction.gone()) {
            // A COMMIT or ROLLBACK statement then runs where no transaction is open, a no-op, unless endBroken
            // refuses a COMMIT of the primary's transaction.
            state.endBroken(transaction, statement.kind() == StatementKind.COMMIT);
        }
        if (transaction != null && route != Route.TRANSACTION_END && transaction.gone()
                && !transaction.backend.isPrimary() && state.journaling()) {
            // Its replica broke between statements: the transaction goes on elsewhere once its journal replays.
            move.replayElsewhere(transaction, null);
        }
        held.checkTransactionAlive(route, statement.kind());
        PhysicalConnection target;
        if (route == Route.PRIMARY_PROMOTION) {
            target = move.promote();
        } else if (route.target() == Target.REPLICA && causal.active()) {
            target = causalReplica(snapshot, route);
            if (target == null) {
                causal.readOnPrimary();
                target = held.primary();
                route = Route.PRIMARY_READ_YOUR_WRITES;
            }
        } else {
            target = held.forTarget(route.target(), snapshot);
        }
        if (route.target() == Target.REPLICA && target.backend.isPrimary()) {
            route = Route.PRIMARY_FALLBACK;
        }
        boolean transactionOpen = state.transactionConnection() != null;
        state.track(route, statement, sql, target);
        if (!transactionOpen && state.journaling()) {
            ReplicaStatus status = snapshot.status(target.backend.endpoint());
            journal.begin(status == null ? null : status.position());
        }
        held.used(target);
        cluster.statistics().record(route, target.backend.endpoint());
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} - {} -> {} ({}): {}", cluster.name(), statement.kind(), target, route.reason(),
                    abbreviate(sql));
        }
        return target;
    }

    /** Dry run: count the decision, then run the statement on the primary as if rwsplit were not there. */
    private PhysicalConnection dryRun(Route wouldBe, Classification statement, String sql, ReplicaSnapshot snapshot)
            throws SQLException {
        PhysicalConnection primary = held.forTarget(Target.PRIMARY, snapshot);
        state.track(wouldBe, statement, sql, primary);
        held.used(primary);
        cluster.statistics().record(wouldBe, primary.backend.endpoint());
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} - dry run: {} would go to {} ({}): {}", cluster.name(), statement.kind(), wouldBe.target(),
                    wouldBe.reason(), abbreviate(sql));
        }
        return primary;
    }

    /**
     * A replica for a read that must see earlier writes (see {@link CausalSession}); null when the read must go to the
     * primary. In gtid mode, while the primary serves and unless the read starts a declared read-only transaction: this
     * connection's replica if it is known to have applied them, else the primary. Otherwise (gtid-wait, no primary to
     * read from, a read-only transaction): the pick among those known to have applied them or prompt enough to wait
     * on, once a wait confirms it if need be.
     */
    private PhysicalConnection causalReplica(ReplicaSnapshot snapshot, Route route) throws SQLException {
        if (causal.needsPrimary()) {
            return null;
        }
        ReplicationPosition needed = causal.needed();
        if (needed == null) {
            return held.forTarget(Target.REPLICA, snapshot);
        }
        // A declared read-only transaction stays on the server it starts on: on a replica, so that a switchover does
        // not end it, it waits there for the write rather than start on the primary.
        if (causal.readsPrimaryUntilReplicaKnown() && route != Route.REPLICA_TRANSACTION && primaryServes(snapshot)) {
            Endpoint own = held.affinityReplica(snapshot);
            PhysicalConnection covering = coveringReplica(snapshot, own, needed);
            if (covering == null && route == Route.REPLICA_OPTIMISTIC && causal.awaitCatchUp(snapshot, own, needed)) {
                covering = coveringReplica(snapshot, own, needed);
            }
            if (covering == null) {
                causal.watch(snapshot, own);
            }
            return covering;
        }
        PhysicalConnection replica = held.replica(snapshot, causal.candidates(snapshot, needed));
        Endpoint endpoint = replica.backend.endpoint();
        if (replica.backend.isPrimary() || causal.covers(snapshot, endpoint, needed)) {
            return replica;
        }
        try {
            if (causal.await(replica.connection, endpoint, needed)) {
                return replica;
            }
        } catch (SQLException e) {
            if (ReadRetry.mayRunElsewhere(replica, e, state)) {
                held.replicaFailed(replica, e);
            } else {
                causal.waitFailed(endpoint, e);
            }
        }
        return null;
    }

    /**
     * This connection's own replica ({@code own}, see {@code ReplicaAffinity}) when it is known to have applied
     * {@code needed}, so the read needs no wait; else null. Not another replica that is: the watcher learns about each
     * connection's own replica, so following whichever replica it confirmed last would crowd every connection onto
     * one.
     */
    private PhysicalConnection coveringReplica(ReplicaSnapshot snapshot, Endpoint own, ReplicationPosition needed)
            throws SQLException {
        if (own == null || !causal.knownToCover(snapshot, own, needed)) {
            return null;
        }
        PhysicalConnection replica = held.replica(snapshot, snapshot);
        // The pick may have moved on (a replica that could not lend a connection): it must still be known to have it.
        return replica.backend.isPrimary() || causal.covers(snapshot, replica.backend.endpoint(), needed) ? replica
                : null;
    }

    /** Whether a read can go to the primary rather than wait on a replica: one is known and not marked down. */
    private boolean primaryServes(ReplicaSnapshot snapshot) {
        Backend primary = cluster.primary();
        return primary != null && !primary.isDown() && primary.endpoint().equals(snapshot.primary());
    }

    /**
     * Records what an execution did on {@code target}: the write it may have committed on the primary (also when it
     * failed: a batch or a multi-statement may have committed part), and on success the session statements in it,
     * replayed on every other held backend. A failure lets a broken connection go (see {@link HeldConnections#failed}).
     *
     * @param failure what it threw, or null
     */
    void completed(PhysicalConnection target, Execution execution, SQLException failure) throws SQLException {
        if (target != null && target.backend.isPrimary() && causal.active() && !cluster.dryRun()) {
            StatementKind kind = committing(execution.kind(), execution.batch() == null ? execution.sql() : null);
            try {
                if (causal.ranOnPrimary(target.connection, target.tracksGtids, kind, failure != null)
                        && causal.readsPrimaryUntilReplicaKnown()) {
                    ReplicaSnapshot snapshot = cluster.snapshot();
                    causal.watch(snapshot, held.affinityReplica(snapshot));
                }
            } catch (SQLException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            held.failed(target, failure);
            return;
        }
        if (execution.batch() == null) {
            // The common case, without the list a batch needs: a single statement.
            if (execution.kind() == StatementKind.SESSION_SET) {
                replay(execution, target);
            }
            return;
        }
        for (Execution statement : execution.batch()) {
            if (statement.kind() == StatementKind.SESSION_SET) {
                replay(statement, target);
            }
        }
    }

    /** A session statement ran on {@code ranOn}: runs it on every other held backend and on each one opened later. */
    private void replay(Execution statement, PhysicalConnection ranOn) throws SQLException {
        Parameters parameters = statement.parameters();
        SessionCommand command = new SessionCommand(statement.sql(), parameters == null ? null : parameters.copy());
        held.broadcast(command, ranOn);
        settings.record(command);
        Boolean autoCommit = SqlClassifier.autoCommitValue(statement.sql());
        if (autoCommit != null) {
            state.autoCommitSetBySql(autoCommit);
        }
    }

    /** {@code SET autocommit=1} commits an open transaction. */
    private static StatementKind committing(StatementKind kind, String sql) {
        return kind == StatementKind.SESSION_SET && sql != null
                && Boolean.TRUE.equals(SqlClassifier.autoCommitValue(sql)) ? StatementKind.COMMIT : kind;
    }

    // ---- transactions ----------------------------------------------------------------------------------------

    /** {@code commit()} or {@code rollback()}: ends the open transaction on the connection it runs on. */
    void endTransaction(boolean commit) throws SQLException {
        try {
            end(commit);
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private void end(boolean commit) throws SQLException {
        if (held.endedOnReplacedPrimary(!commit)) {
            return;
        }
        PhysicalConnection transaction = state.transactionConnection();
        Execution execution = Execution.call(commit ? "COMMIT" : "ROLLBACK",
                commit ? StatementKind.COMMIT : StatementKind.ROLLBACK);
        try {
            state.endTransactionWith(execution.sql(), commit);
        } catch (SQLException failure) {
            if (transaction == null) {
                throw failure;
            }
            if (!transaction.backend.isPrimary() && ReadRetry.isBroken(transaction, failure)) {
                // A replica's session is read-only: nothing was written to commit, and the server rolls back a
                // transaction whose connection is gone.
                held.replicaBroke(transaction, failure);
                return;
            }
            // The statement's own rules: a commit refused as read-only loses the transaction as a whole (40001).
            throw lost(transaction, execution, failure);
        }
        completed(transaction, execution, null);
        journal.release();
    }

    /** {@code setAutoCommit}: switching it on commits the open transaction. */
    void autoCommit(boolean autoCommit) throws SQLException {
        if (state.autoCommit() == autoCommit) {
            return;
        }
        // Now on the transaction's connection; the others take the mode before their next statement
        // (HeldConnections#ready).
        PhysicalConnection transaction = state.transactionConnection();
        if (transaction != null && transaction.gone()) {
            // Its connection broke and took the transaction with it: there is nothing to switch, nor to commit.
            transaction = null;
        }
        Execution execution = Execution.call(null, StatementKind.COMMIT);
        if (transaction != null) {
            try {
                transaction.connection.setAutoCommit(autoCommit);
            } catch (SQLException failure) {
                completed(transaction, execution, failure);
                throw failure;
            }
        }
        state.autoCommit(autoCommit);
        state.endTransaction();
        if (autoCommit) {
            completed(transaction, execution, null);
        }
    }

    // ---- refusals --------------------------------------------------------------------------------------------

    private static SQLException refusal(Route route, String sql) {
        if (route == Route.REFUSED_READ_ONLY) {
            return new SQLException("rwsplit: the connection is read-only, so this write was not sent: "
                    + abbreviate(sql), "25006");
        }
        return noReplica(sql);
    }

    /**
     * A read that no replica can serve while {@code rwsplit.noReplica=fail}: none serves reads, or none that does could
     * lend a connection.
     *
     * @param sql the read, or null when it is not known here
     */
    static SQLException noReplica(String sql) {
        return new SQLNonTransientConnectionException("rwsplit: no replica can serve this read and "
                + "rwsplit.noReplica=fail" + (sql == null ? "" : ": " + abbreviate(sql)), "08001");
    }

    static String abbreviate(String sql) {
        if (sql == null) {
            return "";
        }
        return sql.length() <= 120 ? sql : sql.substring(0, 117) + "...";
    }
}
