package io.rwsplit.routing;

import io.rwsplit.sql.Classification;
import io.rwsplit.sql.RouteHint;
import io.rwsplit.sql.StatementKind;

/**
 * The routing rules, in one pure function: no JDBC, no I/O, no logging. The README's rule table is this method.
 */
public final class Router {

    private final NoReplicaPolicy noReplicaPolicy;

    public Router(NoReplicaPolicy noReplicaPolicy) {
        this.noReplicaPolicy = noReplicaPolicy;
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

    private static Route decide(String sql, Classification statement, SessionFacts session) {
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
            return routeInTransaction(statement, session, readOnlyNow);
        }
        if (kind == StatementKind.BEGIN_READ_ONLY || (kind == StatementKind.BEGIN && session.readOnly())) {
            return session.forcedPrimary() || statement.hint() == RouteHint.PRIMARY
                    ? Route.PRIMARY_FORCED : Route.REPLICA_TRANSACTION;
        }
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

    private static Route routeInTransaction(Classification statement, SessionFacts session, boolean readOnlyNow) {
        switch (session.transactionBackend()) {
            case PRIMARY:
            case REPLICA:
                return Route.TRANSACTION_CONTINUES;
            default:
                break;
        }
        // First statement of a transaction under autocommit=false: it decides where the transaction runs.
        if (!readOnlyNow || session.forcedPrimary() || statement.hint() == RouteHint.PRIMARY
                || session.pinnedToPrimary()) {
            return Route.PRIMARY_TRANSACTION;
        }
        return Route.REPLICA_TRANSACTION;
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
