package io.rwsplit.jdbc;

import io.rwsplit.cluster.Backend;
import io.rwsplit.cluster.Cluster;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.routing.ReplicaAffinity;
import io.rwsplit.routing.Route;
import io.rwsplit.routing.Target;
import io.rwsplit.sql.StatementKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical connections of one logical connection, at most one per backend. Each is borrowed from its backend's
 * pool when first needed and brought into the session's state before its first statement; when let go, it goes
 * back to its pool, or is evicted if its session was changed in a way the pool cannot undo.
 */
final class HeldConnections {

    private static final Logger LOG = LoggerFactory.getLogger(HeldConnections.class);

    /** One call made on a physical connection. */
    @FunctionalInterface
    interface Call<E extends SQLException> {
        void on(Connection connection) throws E;
    }

    private final Cluster cluster;
    private final SessionSettings settings;
    private final RoutingState state;
    private final OpenStatements statements;
    private final List<PhysicalConnection> held = new ArrayList<>(3);
    private final ReplicaAffinity affinity;
    private PhysicalConnection lastUsed;
    private ReplicaSnapshot lastSnapshot;

    HeldConnections(Cluster cluster, SessionSettings settings, RoutingState state, OpenStatements statements) {
        this.cluster = cluster;
        this.settings = settings;
        this.state = state;
        this.statements = statements;
        this.affinity = cluster.newReplicaAffinity();
    }

    /** The connection for a routing target other than NONE, borrowed and brought into the session if need be. */
    PhysicalConnection forTarget(Target target, ReplicaSnapshot snapshot) throws SQLException {
        switch (target) {
            case REPLICA:
                return replica(snapshot, snapshot);
            case TRANSACTION_BACKEND:
                return state.transactionConnection() != null ? ready(state.transactionConnection()) : primary();
            case EVERY_BACKEND:
                return ready(forSessionStatement());
            default:
                return primary();
        }
    }

    /**
     * Fails a statement of a transaction whose connection is gone (the server rolls such a transaction back): it
     * must not go on elsewhere as if nothing was lost. Statements that end the transaction pass.
     */
    void checkTransactionAlive(Route route, StatementKind kind) throws SQLException {
        if (endedOnReplacedPrimary(kind == StatementKind.ROLLBACK)) {
            return;
        }
        PhysicalConnection transaction = state.transactionConnection();
        if (transaction != null && route != Route.TRANSACTION_END && transaction.gone()) {
            throw new SQLNonTransientConnectionException("rwsplit: the connection to the " + transaction.backend
                    + " broke during this transaction, which the server rolls back: end it with rollback()", "08003");
        }
    }

    /**
     * Ends a transaction open on a server that is no longer the primary: a rollback ends it quietly (the server rolls
     * it back as the connection goes), anything else gets 40001 (see {@link #leaveReplacedPrimary}).
     *
     * @return whether there was such a transaction
     */
    boolean endedOnReplacedPrimary(boolean rollingBack) throws SQLException {
        PhysicalConnection transaction = state.transactionConnection();
        if (transaction == null || !transaction.backend.isPrimary() || transaction.backend == cluster.primary()) {
            return false;
        }
        if (!rollingBack) {
            leaveReplacedPrimary(transaction);
        }
        leave(transaction);
        state.endTransaction();
        return true;
    }

    /**
     * A transaction on the primary cannot go on (its connection broke, the server turned read-only, or it stopped
     * being the primary): lets go of its connection, counts it, and says so with 40001, which the app knows to retry.
     *
     * @param cause what the server or Connector/J said; null when nothing was sent
     */
    SQLTransactionRollbackException transactionLost(PhysicalConnection physical, String why, SQLException cause) {
        leave(physical);
        cluster.topologyStatistics().recordTransactionLost();
        return new SQLTransactionRollbackException("rwsplit: the transaction on the primary "
                + physical.backend.endpoint() + " was rolled back, nothing of it committed: " + why
                + (cause == null ? "" : " (" + cause.getMessage() + ")") + "; retry it", "40001", cause);
    }

    /**
     * The connection to the primary, borrowed on first use. One held on a server that is no longer the primary is let
     * go first; a transaction open on it was lost (see {@link #leaveReplacedPrimary}).
     */
    PhysicalConnection primary() throws SQLException {
        Backend current = cluster.primary();
        for (PhysicalConnection physical : held) {
            if (physical.backend.isPrimary()) {
                if (physical.backend != current) {
                    leaveReplacedPrimary(physical);
                    break;
                }
                return replaceable(physical) ? acquirePrimary(primaryBackend()) : ready(physical);
            }
        }
        return acquirePrimary(current != null ? current : primaryBackend());
    }

    /**
     * Borrows from the primary's backend. When the borrow fails because that server stopped being the primary just
     * then (its pool refuses once retired), nothing ran: it waits for the new primary and borrows there.
     */
    private PhysicalConnection acquirePrimary(Backend backend) throws SQLException {
        try {
            return acquire(backend);
        } catch (SQLException e) {
            if (cluster.primary() == backend) {
                throw e;
            }
            return acquire(cluster.awaitPrimary(backend, backend.endpoint() + " stopped being the primary"));
        }
    }

    /** The primary's backend, waiting for the monitor to find one when none is known (rwsplit.primaryWait). */
    private Backend primaryBackend() throws SQLException {
        return cluster.awaitPrimary(null, "this statement must run on the primary");
    }

    /**
     * Lets go of a connection to a server that stopped being the primary. Nothing more may run there: another server
     * takes the writes now, or none while the picture is unclear. A transaction open on it is gone with it (the
     * server rolls it back when the connection goes): the app gets 40001, and its next statement starts afresh.
     */
    private void leaveReplacedPrimary(PhysicalConnection physical) throws SQLException {
        boolean inTransaction = physical == state.transactionConnection();
        boolean sessionLost = state.holdsPrimaryOnlyState();
        Backend now = cluster.primary();
        String moved = physical.backend.endpoint() + " is no longer the primary ("
                + (now == null ? "none is known now" : now.endpoint() + " is") + ")";
        if (inTransaction) {
            state.endTransaction();
            throw transactionLost(physical, moved, null);
        }
        leave(physical);
        if (sessionLost) {
            throw new SQLNonTransientConnectionException("rwsplit: " + moved + ": this session's temporary tables or "
                    + "locks were there and are lost; close this connection", "08003");
        }
    }

    /**
     * Brings a connection's autocommit mode to the session's before a statement runs on it. Set here rather than on
     * every held connection at each {@code setAutoCommit}: a read-only transaction on one replica then costs no round
     * trips on the others. Connector/J's {@code getAutoCommit} is the server's own flag from its last reply.
     */
    private PhysicalConnection ready(PhysicalConnection physical) throws SQLException {
        boolean autoCommit = state.autoCommit();
        if (physical.connection.getAutoCommit() != autoCommit) {
            physical.connection.setAutoCommit(autoCommit);
        }
        boolean readOnly = state.readOnly();
        if (physical.backend.isPrimary() && physical.readOnly != readOnly && !cluster.dryRun()) {
            // What read-only mode sends to the primary (CALL, multi-statements, unknown SQL, a fallback read) runs
            // in a read-only session: the server refuses any write the driver could not see. Not in a dry run,
            // which must change nothing the app sees.
            physical.readOnly(readOnly);
        }
        return physical;
    }

    /** Where a session statement runs first (it is then replayed on the others): the primary if held. */
    private PhysicalConnection forSessionStatement() throws SQLException {
        if (held.isEmpty()) {
            return primary();
        }
        for (PhysicalConnection physical : held) {
            if (physical.backend.isPrimary()) {
                return physical;
            }
        }
        return held.get(0);
    }

    /**
     * A connection to the replica this connection reads from (see {@link ReplicaAffinity}) among the candidates;
     * another one if that replica cannot give a connection, and the primary if none can (unless
     * {@code rwsplit.noReplica=fail}).
     *
     * @param snapshot   the monitor's snapshot: replicas out of its read pool are let go
     * @param candidates the snapshot itself, or a copy with fewer replicas serving (read-your-writes)
     */
    PhysicalConnection replica(ReplicaSnapshot snapshot, ReplicaSnapshot candidates) throws SQLException {
        releaseReplicasNoLongerServing(snapshot);
        ReplicaSnapshot current = candidates;
        for (int attempt = 0; attempt < 2; attempt++) {
            Endpoint endpoint = affinity.pick(current, System.nanoTime());
            if (endpoint == null) {
                break;
            }
            PhysicalConnection existing = find(endpoint);
            if (existing != null && !replaceable(existing)) {
                try {
                    return ready(existing);
                } catch (SQLException e) {
                    // Bringing its autocommit mode in line found it broken: the read has not run, take another.
                    if (!ReadRetry.isBroken(existing, e)) {
                        throw e;
                    }
                    replicaFailed(existing, e);
                    affinity.forget(endpoint);
                    current = cluster.snapshot();
                    continue;
                }
            }
            try {
                return acquire(cluster.replica(endpoint));
            } catch (SQLException e) {
                // The replica cannot give us a connection: take it out now rather than at the next poll.
                cluster.monitor().reportFailure(endpoint, e);
                affinity.forget(endpoint);
                current = cluster.snapshot();
            }
        }
        if (cluster.failsWithoutReplica()) {
            throw Dispatcher.noReplica(null);
        }
        return primary();
    }

    /**
     * The serving replica this connection's next read goes to (see {@link ReplicaAffinity#next}), without borrowing;
     * or null.
     */
    Endpoint affinityReplica(ReplicaSnapshot snapshot) {
        return affinity.next(snapshot, System.nanoTime());
    }

    /** A replica the monitor took out of the read pool is let go, so the next read goes elsewhere. */
    private void releaseReplicasNoLongerServing(ReplicaSnapshot snapshot) {
        if (snapshot == lastSnapshot) {
            return;
        }
        lastSnapshot = snapshot;
        for (int i = held.size() - 1; i >= 0; i--) {
            PhysicalConnection physical = held.get(i);
            if (!physical.backend.isPrimary() && physical != state.transactionConnection()
                    && !snapshot.isServing(physical.backend.endpoint()) && !statements.busyOn(physical)) {
                held.remove(i);
                release(physical);
            }
        }
    }

    private PhysicalConnection find(Endpoint endpoint) {
        for (PhysicalConnection physical : held) {
            if (physical.backend.endpoint().equals(endpoint)) {
                return physical;
            }
        }
        return null;
    }

    /** Borrows a connection to {@code backend} and brings it into this session's state before first use. */
    private PhysicalConnection acquire(Backend backend) throws SQLException {
        Connection connection = backend.borrow();
        PhysicalConnection physical = new PhysicalConnection(backend, connection);
        try {
            if (backend.isPrimary() && !cluster.dryRun()) {
                physical.tracksGtids = cluster.causalReads().preparePrimary(connection);
            }
            if (settings.applyTo(connection)) {
                physical.sessionChanged = true;
            }
            ready(physical);
        } catch (SQLException e) {
            backend.evict(connection);
            throw e;
        }
        held.add(physical);
        return physical;
    }

    /**
     * Lets go of a connection nothing more may run on (one to a demoted primary): evicted from its pool, which closes
     * it, so a transaction open on it rolls back. Idempotent.
     */
    void leave(PhysicalConnection physical) {
        if (held.contains(physical)) {
            drop(physical);
        }
    }

    /** Marks the connection broken, forgets it and evicts it from its pool. */
    private void drop(PhysicalConnection physical) {
        physical.broken = true;
        held.remove(physical);
        if (lastUsed == physical) {
            lastUsed = null;
        }
        physical.backend.evict(physical.connection);
    }

    /** Records where the last statement ran: warnings and server-specific calls go there. */
    void used(PhysicalConnection physical) {
        lastUsed = physical;
    }

    /** The connection the last statement ran on, or null before the first. */
    PhysicalConnection lastUsed() {
        return lastUsed;
    }

    /** The connection of the last statement, or the primary: for calls that need some server connection. */
    PhysicalConnection current() throws SQLException {
        return lastUsed != null && held.contains(lastUsed) ? lastUsed : primary();
    }

    /**
     * A statement failed on {@code target} and its error goes to the app untouched. If the connection broke, it is
     * let go, so that the next statement gets a fresh one once the server answers again (an open transaction still
     * fails: it stays bound to the broken connection until it ends); on the primary, its other pooled connections
     * are discarded too, as the server may have died. A primary session holding state that cannot be rebuilt
     * (temporary tables, locks) stays broken, as a Connector/J connection would.
     */
    void failed(PhysicalConnection target, SQLException failure) {
        if (!held.contains(target) || !ReadRetry.isBroken(target, failure)) {
            return;
        }
        if (!target.backend.isPrimary()) {
            cluster.monitor().reportFailure(target.backend.endpoint(), failure);
        } else if (!state.holdsPrimaryOnlyState()) {
            target.backend.discardConnections();
        }
        if (letGo(target)) {
            LOG.debug("{} - let go of a broken connection to {}: {}", cluster.name(), target, failure.getMessage());
        }
    }

    /**
     * Lets go of a broken connection unless the primary's session on it holds state that cannot be rebuilt (it then
     * stays, and fails, as a Connector/J connection would). An open transaction on it stays bound to it, and fails,
     * until it ends.
     *
     * @return whether it was let go
     */
    private boolean letGo(PhysicalConnection physical) {
        if (physical.backend.isPrimary() && state.holdsPrimaryOnlyState()) {
            return false;
        }
        drop(physical);
        return true;
    }

    /** Whether a held connection is gone and was let go, so that a new one may take its place. */
    private boolean replaceable(PhysicalConnection physical) {
        return physical.gone() && letGo(physical) && physical != state.transactionConnection();
    }

    /** A replica's connection broke under a read that runs again elsewhere: see {@link #replicaBroke}. */
    void replicaFailed(PhysicalConnection target, SQLException failure) {
        replicaBroke(target, failure);
        if (target == state.transactionConnection()) {
            // The read-only transaction's first statement: it starts over on the server the retry picks.
            state.endTransaction();
        }
        cluster.statistics().recordRetry();
        LOG.info("{} - read on {} failed ({}); retrying it elsewhere", cluster.name(), target, failure.getMessage());
    }

    /** A replica's connection broke: let it go, and take the replica out of the read pool at once. */
    void replicaBroke(PhysicalConnection target, Throwable failure) {
        try {
            // Closing it politely could wait on a server that no longer answers.
            target.connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("{} - aborting the connection to {} failed: {}", cluster.name(), target, e.toString());
        }
        letGo(target);
        cluster.monitor().reportFailure(target.backend.endpoint(), failure);
    }

    /** Runs a session statement that ran on {@code ranOn} on every other held connection too. */
    void broadcast(SessionCommand command, PhysicalConnection ranOn) throws SQLException {
        ranOn.sessionChanged = true;
        for (PhysicalConnection other : held) {
            if (other != ranOn) {
                command.applyTo(other.connection);
                other.sessionChanged = true;
            }
        }
    }

    /**
     * Clears the warnings of every held connection: pools call it on every connection given back, so it does no
     * more than that. One that fails is broken, and its next use finds out.
     */
    void clearWarnings() {
        for (int i = 0; i < held.size(); i++) {
            try {
                held.get(i).connection.clearWarnings();
            } catch (SQLException ignored) {
                // Warnings of a broken connection no longer matter.
            }
        }
    }

    /**
     * Makes one call (a JDBC session setter) on every held connection. One that is gone, or breaks, is let go
     * instead: the next connection borrowed gets the setting when it is brought into the session.
     */
    <E extends SQLException> void forEach(Call<E> call) throws E {
        for (PhysicalConnection physical : new ArrayList<>(held)) {
            if (physical.gone() && letGo(physical)) {
                continue;
            }
            try {
                call.on(physical.connection);
            } catch (SQLException e) {
                if (!ReadRetry.isBroken(physical, e) || !letGo(physical)) {
                    throw e;
                }
            }
        }
    }

    /** Whether every held connection answers within the timeout; true while none is held. */
    boolean allValid(int timeoutSeconds) throws SQLException {
        for (PhysicalConnection physical : held) {
            if (!physical.connection.isValid(timeoutSeconds)) {
                return false;
            }
        }
        return true;
    }

    /** Lets every connection go: back to its pool, or evicted if its session changed. */
    void releaseAll() {
        for (PhysicalConnection physical : held) {
            release(physical);
        }
        held.clear();
        lastUsed = null;
    }

    /**
     * Aborts every connection and evicts it from its pool: a pooled connection's own abort() only ends the server
     * connection, and its pool would count it as in use for good.
     */
    void abortAll(Executor executor) throws SQLException {
        SQLException first = null;
        for (PhysicalConnection physical : held) {
            try {
                physical.connection.abort(executor);
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
            physical.backend.evict(physical.connection);
        }
        held.clear();
        lastUsed = null;
        if (first != null) {
            throw first;
        }
    }

    private void release(PhysicalConnection physical) {
        try {
            if (!physical.sessionChanged && !physical.gone()) {
                rollBackOpenTransaction(physical);
                // A failed rollback marks the connection for eviction: no need to reset it then.
                if (physical.readOnly && !physical.sessionChanged) {
                    resetReadOnly(physical);
                }
            }
            if (physical.sessionChanged) {
                physical.backend.evict(physical.connection);
            } else {
                physical.backend.giveBack(physical.connection);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("{} - closing a connection to {} failed: {}", cluster.name(), physical, e.toString());
        }
    }

    /**
     * A transaction left open would stay open for the connection's next borrower: its pool rolls back only work done
     * with autocommit off, so one begun with BEGIN (or inside a batch or a stored procedure, where the driver cannot
     * see it begin) would take the next borrower's statements in, its writes never committed and its reads in an old
     * snapshot. So a connection goes back with no transaction open, as closing Connector/J's own leaves none; one that
     * cannot be rolled back is evicted (its server then rolls back).
     */
    private static void rollBackOpenTransaction(PhysicalConnection physical) {
        if (!physical.inTransactionOnServer()) {
            return;
        }
        try {
            physical.rollBack();
        } catch (SQLException e) {
            physical.sessionChanged = true;
        }
    }

    /** The pool lends read-write connections: a session this one made read-only goes back as it came. */
    private void resetReadOnly(PhysicalConnection physical) {
        try {
            physical.readOnly(false);
        } catch (SQLException e) {
            physical.sessionChanged = true;
        }
    }
}
