package io.rwsplit.jdbc;

import java.io.EOFException;
import io.rwsplit.sql.StatementKind;
import java.net.SocketTimeoutException;
import java.sql.SQLException;

/**
 * The one rule for running a failed statement again elsewhere. A statement may run again only if its connection
 * broke (not an error in the statement) on a replica, and nothing the app saw or changed depends on that server: a
 * read outside a transaction, or the first statement of a read-only transaction. The failed replica leaves the read
 * pool at once, so each retry goes to another one, and the last to the primary; writes never run twice. A write
 * runs again only when the server refused it as read-only, which a demoted primary does: then on the new primary.
 */
final class ReadRetry {

    /** ER_OPTION_PREVENTS_STATEMENT: "running with the --read-only option" (and other options). */
    private static final int OPTION_PREVENTS_STATEMENT = 1290;
    /** ER_READ_ONLY_MODE: "Running in read-only mode". */
    private static final int READ_ONLY_MODE = 1836;

    private ReadRetry() {
    }

    /** How often one statement may run again: once per replica, the last time on the primary. */
    static int budget(int replicas) {
        return replicas;
    }

    /** Whether the statement that failed on {@code target} with {@code failure} may run again elsewhere. */
    static boolean mayRunElsewhere(PhysicalConnection target, SQLException failure, RoutingState state) {
        boolean transactionGoesOn = target == state.transactionConnection()
                && !state.replicaTransactionAtFirstStatement();
        return !target.backend.isPrimary() && !transactionGoesOn && isBroken(target, failure);
    }

    /**
     * Whether a statement of a transaction on a replica that failed with {@code failure} may go on elsewhere once the
     * transaction's journal replays the same there (see {@link TransactionMove#replayElsewhere}): its connection
     * broke, on the replica the open transaction runs on.
     */
    static boolean mayReplayElsewhere(PhysicalConnection target, SQLException failure, RoutingState state) {
        return target == state.transactionConnection() && state.journaling() && !target.backend.isPrimary()
                && isBroken(target, failure);
    }

    /**
     * Whether a statement the primary refused may run again on a new primary: the server refused it as read-only
     * (MySQL and MariaDB error 1290 for --read-only, 1836 for read-only mode), so it was not executed, and it ran
     * outside a transaction, whose earlier statements would be lost. A demoted primary refuses this way during a
     * switchover. Never a COMMIT or ROLLBACK statement: its transaction, ended in the session's state as it was
     * routed, stays on the refusing server, and on the new one it would succeed committing nothing.
     */
    static boolean mayRunOnNewPrimary(PhysicalConnection target, SQLException failure, RoutingState state,
                                      StatementKind kind) {
        return target.backend.isPrimary() && target != state.transactionConnection() && isReadOnlyRefusal(failure)
                && kind != StatementKind.COMMIT && kind != StatementKind.ROLLBACK;
    }

    /** The server refused a change because it is read-only (not because this session is: that is error 1792). */
    static boolean isReadOnlyRefusal(SQLException failure) {
        int code = failure.getErrorCode();
        if (code == READ_ONLY_MODE) {
            return true;
        }
        String message = failure.getMessage();
        return code == OPTION_PREVENTS_STATEMENT && message != null
                && message.toLowerCase(java.util.Locale.ROOT).contains("read-only");
    }

    /**
     * Whether a statement of a transaction on the primary whose connection broke leaves nothing of the transaction
     * committed: the server rolls back a transaction whose connection is gone, unless the statement itself commits
     * (COMMIT, DDL's implicit commit, SET autocommit=1) or could (a procedure, several statements, unknown SQL).
     */
    static boolean rollsBackWhole(StatementKind kind) {
        return kind == StatementKind.READ || kind == StatementKind.SESSION_READ || kind == StatementKind.LOCKING_READ
                || kind == StatementKind.WRITE;
    }

    /**
     * Whether {@code failure} means the connection is gone: a connection error, or the pool closed the connection
     * after an earlier failure on it (its error then has no SQLState, and the statement was never sent).
     */
    static boolean isBroken(PhysicalConnection target, SQLException failure) {
        return isConnectionFailure(failure) || target.gone();
    }

    /** Connection-level failures (SQLState class 08, or a socket timeout) as opposed to errors in the statement. */
    static boolean isConnectionFailure(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (cause instanceof SocketTimeoutException || cause instanceof EOFException) {
                return true;
            }
        }
        return false;
    }
}
