package io.rwsplit.routing;

import io.rwsplit.sql.Classification;
import io.rwsplit.sql.RouteHint;
import io.rwsplit.sql.StatementKind;

/**
 * The routing rules, in one pure function: no JDBC, no I/O, no logging. The README's rule table is this method.
 */
public final class Router {

    private final NoReplicaPolicy noReplicaPolicy;
    private final boolean optimisticTransactions;

    public Router(NoReplicaPolicy noReplicaPolicy) {
        this(noReplicaPolicy, false);
    }

    /**
     * @param optimisticTransactions whether a transaction not declared read-only starts on a replica
     *                               ({@code rwsplit.optimisticTransactions})
     */
    public Router(NoReplicaPolicy noReplicaPolicy, boolean optimisticTransactions) {
        this.noReplicaPolicy = noReplicaPolicy;
        this.optimisticTransactions = optimisticTransactions;
    }

    /**
     * @param sql              the statement text (only used to look for this session's temporary tables)
     * @param statement        the classifier's verdict
     * @param session          the logical connection's session at this moment
     * @param replicaAvailable whether at least one replica serves reads now
     */
    public Route route(String sql, Classification statement, SessionFacts session, boolean replicaAvailable) {
        Route route = decide(sql, statement, session);
        if (route.target() == Target.REPLICA && !replicaAvailable) {
            return noReplicaPolicy == NoReplicaPolicy.PRIMARY ? Route.PRIMARY_FALLBACK : Route.REFUSED_NO_REPLICA;
        }
        return route;
    }

    private Route decide(String sql, Classification statement, SessionFacts session) {
        StatementKind kind = statement.kind();
        switch (kind) {
            case SESSION_SET:
                return Route.SESSION_STATE;
            case COMMIT:
            case ROLLBACK:
                return Route.TRANSACTION_END;
            default:
                break;
        }
        boolean readOnlyNow = session.readOnly() || session.explicitReadOnlyTransaction();
        if (readOnlyNow && isWrite(kind)) {
            return Route.REFUSED_READ_ONLY;
        }
        if (inTransaction(session)) {
            return routeInTransaction(sql, statement, session, readOnlyNow);
        }
        if (kind == StatementKind.BEGIN_READ_ONLY || (kind == StatementKind.BEGIN && session.readOnly())) {
            return session.forcedPrimary() || statement.hint() == RouteHint.PRIMARY
                    ? Route.PRIMARY_FORCED : Route.REPLICA_TRANSACTION;
        }
        Route route = outsideTransaction(sql, statement, session);
        // An explicit BEGIN starts an optimistic transaction as a first read does under autocommit=false: on a replica,
        // until its first statement that must run on the primary (its BEGIN is journaled and replayed there first).
        return kind == StatementKind.BEGIN && optimisticTransactions && route == Route.PRIMARY_TRANSACTION
                ? Route.REPLICA_OPTIMISTIC : route;
    }

    /** Where a statement runs in autocommit mode, or in an optimistic transaction that may stay on its replica. */
    private static Route outsideTransaction(String sql, Classification statement, SessionFacts session) {
        if (statement.hint() == RouteHint.PRIMARY) {
            return Route.PRIMARY_HINT;
        }
        if (session.forcedPrimary()) {
            return Route.PRIMARY_FORCED;
        }
        if (session.pinnedToPrimary()) {
            return Route.PRIMARY_SESSION_PIN;
        }
        return routeByKind(sql, statement, session);
    }

    private static boolean inTransaction(SessionFacts session) {
        return !session.autoCommit() || session.explicitTransaction();
    }

    private Route routeInTransaction(String sql, Classification statement, SessionFacts session,
                                     boolean readOnlyNow) {
        switch (session.transactionBackend()) {
            case PRIMARY:
                return Route.TRANSACTION_CONTINUES;
            case REPLICA:
                // An optimistic transaction stays on its replica for as long as each statement could run on one.
                return session.optimisticTransaction() && !readsOnAReplica(sql, statement, session)
                        ? Route.PRIMARY_PROMOTION : Route.TRANSACTION_CONTINUES;
            default:
                break;
        }
        // First statement of a transaction under autocommit=false: it decides where the transaction runs.
        if (!readOnlyNow || session.forcedPrimary() || statement.hint() == RouteHint.PRIMARY
                || session.pinnedToPrimary()) {
            boolean optimistic = optimisticTransactions && !readOnlyNow && !session.explicitTransaction()
                    && readsOnAReplica(sql, statement, session);
            return optimistic ? Route.REPLICA_OPTIMISTIC : Route.PRIMARY_TRANSACTION;
        }
        return Route.REPLICA_TRANSACTION;
    }

    /** Whether the statement is a read that autocommit mode would send to a replica. */
    private static boolean readsOnAReplica(String sql, Classification statement, SessionFacts session) {
        return outsideTransaction(sql, statement, session).target() == Target.REPLICA;
    }

    private static Route routeByKind(String sql, Classification statement, SessionFacts session) {
        switch (statement.kind()) {
            case READ:
                if (session.mentionsTemporaryTable(sql)) {
                    return Route.PRIMARY_TEMPORARY_TABLE;
                }
                if (session.readsPrimaryOnlyVariable(sql)) {
                    return Route.PRIMARY_SESSION_READ;
                }
                return statement.hint() == RouteHint.REPLICA ? Route.REPLICA_HINT : Route.REPLICA_READ;
            case SESSION_READ:
                return statement.hint() == RouteHint.REPLICA ? Route.REPLICA_HINT : Route.PRIMARY_SESSION_READ;
            case LOCKING_READ:
                return Route.PRIMARY_LOCKING_READ;
            case WRITE:
                return Route.PRIMARY_WRITE;
            case DDL:
                return Route.PRIMARY_DDL;
            case TEMPORARY_TABLE:
                return Route.PRIMARY_TEMPORARY_TABLE;
            case CALL:
                return Route.PRIMARY_CALL;
            case SESSION_PIN:
                return Route.PRIMARY_SESSION_PIN;
            case BEGIN:
            case BEGIN_READ_WRITE:
            case TRANSACTION_CONTROL:
                return Route.PRIMARY_TRANSACTION;
            case MULTI_STATEMENT:
                return Route.PRIMARY_MULTI_STATEMENT;
            default:
                return Route.PRIMARY_UNKNOWN;
        }
    }

    /**
     * Statements the driver refuses in read-only mode: they change data or schema for certain, or lock rows for a
     * write to come (a replica rejects those with a less helpful error).
     */
    static boolean isWrite(StatementKind kind) {
        return kind == StatementKind.WRITE || kind == StatementKind.DDL || kind == StatementKind.LOCKING_READ;
    }
}
