package io.rwsplit.jdbc;

import io.rwsplit.routing.Route;
import io.rwsplit.routing.SessionFacts;
import io.rwsplit.sql.Classification;
import io.rwsplit.sql.StatementKind;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What the router reads about one logical connection, kept up to date as its statements are routed: autocommit
 * and read-only mode, the open transaction and the physical connection it runs on, a forced-primary block, and
 * the session state that lives on the primary only.
 */
final class RoutingState implements SessionFacts {

    private final PrimaryOnlyState primaryOnly = new PrimaryOnlyState();
    private boolean autoCommit = true;
    private boolean readOnly;
    private boolean explicitTransaction;
    private boolean explicitReadOnlyTransaction;
    private TransactionBackend transactionBackend = TransactionBackend.NONE;
    private PhysicalConnection transactionConnection;
    /** The open transaction started on a replica without being declared read-only (rwsplit.optimisticTransactions). */
    private boolean optimistic;
    /** Statements routed in the open transaction so far, the current one included. */
    private int transactionStatements;
    private int forcedPrimaryDepth;

    /** Updates the state for a statement about to run on {@code target}. */
    void track(Route route, Classification statement, String sql, PhysicalConnection target) {
        trackTransaction(route, statement.kind(), target);
        primaryOnly.track(statement, sql, target);
    }

    /** Notes what one statement of a batch about to run on {@code target} leaves in that session. */
    void trackSessionEffects(Classification statement, String sql, PhysicalConnection target) {
        primaryOnly.track(statement, sql, target);
    }

    private void trackTransaction(Route route, StatementKind kind, PhysicalConnection target) {
        if (route == Route.TRANSACTION_END) {
            endTransaction();
            return;
        }
        if (transactionBackend != TransactionBackend.NONE) {
            transactionStatements++;
            return;
        }
        boolean begins = kind.beginsTransaction();
        if (begins && autoCommit) {
            explicitTransaction = true;
            explicitReadOnlyTransaction = kind == StatementKind.BEGIN_READ_ONLY;
        }
        if (begins || !autoCommit) {
            transactionBackend = target.backend.isPrimary() ? TransactionBackend.PRIMARY : TransactionBackend.REPLICA;
            transactionConnection = target;
            transactionStatements = 1;
            optimistic = route == Route.REPLICA_OPTIMISTIC;
        }
    }

    /**
     * The open transaction now runs on {@code target}: its statements so far were replayed there (a promotion to the
     * primary, or a replica that failed). Statements that follow run there too.
     */
    void moveTransaction(PhysicalConnection target) {
        transactionConnection = target;
        if (target.backend.isPrimary()) {
            transactionBackend = TransactionBackend.PRIMARY;
            optimistic = false;
        }
    }

    /**
     * The primary said a transaction is open on {@code target} after a statement that began one unseen (a stored
     * procedure, a multi-statement, a batch): the session is in it, as after a BEGIN.
     */
    void adoptTransaction(PhysicalConnection target) {
        endTransaction();
        explicitTransaction = true;
        transactionBackend = TransactionBackend.PRIMARY;
        transactionConnection = target;
        transactionStatements = 1;
    }

    /** The open transaction is over: the next statement picks its backend afresh. */
    void endTransaction() {
        explicitTransaction = false;
        explicitReadOnlyTransaction = false;
        transactionBackend = TransactionBackend.NONE;
        transactionConnection = null;
        transactionStatements = 0;
        optimistic = false;
    }

    /**
     * {@code commit()} or {@code rollback()}: ends the open transaction on the connection it runs on.
     *
     * @param statement {@code COMMIT} or {@code ROLLBACK}
     */
    void endTransactionWith(String statement, boolean commit) throws SQLException {
        if (autoCommit && !explicitTransaction) {
            throw new SQLException("Can't call " + statement.toLowerCase(Locale.ROOT)
                    + " when autocommit=true", "25000");
        }
        PhysicalConnection target = transactionConnection;
        boolean explicit = explicitTransaction;
        endTransaction();
        if (target == null) {
            return;
        }
        if (target.gone()) {
            endBroken(target, commit);
            return;
        }
        if (explicit) {
            // The physical connection is in autocommit mode with a BEGIN open: end it the way it was begun.
            try (Statement end = target.connection.createStatement()) {
                end.execute(statement);
            }
        } else if (commit) {
            target.connection.commit();
        } else {
            target.connection.rollback();
        }
    }

    /**
     * Ends the open transaction, whose connection {@code target} broke: the server rolled it back. A commit cannot
     * pretend otherwise, unless it ran on a replica: its session is read-only, so there was nothing to commit.
     */
    void endBroken(PhysicalConnection target, boolean commit) throws SQLException {
        endTransaction();
        if (commit && target.backend.isPrimary()) {
            throw new SQLNonTransientConnectionException("rwsplit: cannot commit: the connection to the " + target
                    + " broke during this transaction, which the server rolls back", "08003");
        }
    }

    /** Whether the primary's session holds state that cannot be rebuilt on another connection. */
    boolean holdsPrimaryOnlyState() {
        return primaryOnly.any();
    }

    /**
     * Whether the open transaction runs on a replica and its current statement is its first: if that statement
     * finds the connection broken, nothing of the transaction is lost, and it can start over elsewhere.
     */
    boolean replicaTransactionAtFirstStatement() {
        return transactionBackend == TransactionBackend.REPLICA && transactionStatements == 1;
    }

    /** The connection the open transaction runs on, or null. */
    PhysicalConnection transactionConnection() {
        return transactionConnection;
    }

    /** Only records the mode: whether a change also ends the open transaction is the caller's decision. */
    void autoCommit(boolean autoCommit) {
        this.autoCommit = autoCommit;
    }

    /** {@code SET autocommit = ...} ran: the mode follows, and switching autocommit on ends the transaction. */
    void autoCommitSetBySql(boolean autoCommit) {
        if (autoCommit != this.autoCommit) {
            this.autoCommit = autoCommit;
            if (autoCommit) {
                endTransaction();
            }
        }
    }

    void readOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    void beginForcedPrimary() {
        forcedPrimaryDepth++;
    }

    void endForcedPrimary() {
        if (forcedPrimaryDepth > 0) {
            forcedPrimaryDepth--;
        }
    }

    // ---- SessionFacts ------------------------------------------------------------------------------------

    @Override
    public boolean autoCommit() {
        return autoCommit;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public boolean explicitTransaction() {
        return explicitTransaction;
    }

    @Override
    public boolean explicitReadOnlyTransaction() {
        return explicitReadOnlyTransaction;
    }

    @Override
    public TransactionBackend transactionBackend() {
        return transactionBackend;
    }

    @Override
    public boolean optimisticTransaction() {
        return optimistic;
    }

    /** Whether the open transaction runs on a replica: its statements are journaled, to replay it elsewhere. */
    boolean journaling() {
        return transactionBackend == TransactionBackend.REPLICA;
    }

    @Override
    public boolean forcedPrimary() {
        return forcedPrimaryDepth > 0;
    }

    @Override
    public boolean pinnedToPrimary() {
        return primaryOnly.tablesLocked();
    }

    @Override
    public boolean mentionsTemporaryTable(String sql) {
        return primaryOnly.mentionsTemporaryTable(sql);
    }

    @Override
    public boolean readsPrimaryOnlyVariable(String sql) {
        return primaryOnly.readsAssignedVariable(sql);
    }
}
