package io.rwsplit.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.routing.SessionFacts.TransactionBackend;
import io.rwsplit.sql.Classification;
import io.rwsplit.sql.RouteHint;
import io.rwsplit.sql.StatementKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {

    private final Router router = new Router(NoReplicaPolicy.PRIMARY);

    @ParameterizedTest(name = "{0} in autocommit -> {1}")
    @CsvSource({
        "READ, REPLICA_READ",
        "SESSION_READ, PRIMARY_SESSION_READ",
        "LOCKING_READ, PRIMARY_LOCKING_READ",
        "WRITE, PRIMARY_WRITE",
        "DDL, PRIMARY_DDL",
        "TEMPORARY_TABLE, PRIMARY_TEMPORARY_TABLE",
        "CALL, PRIMARY_CALL",
        "SESSION_SET, SESSION_STATE",
        "SESSION_PIN, PRIMARY_SESSION_PIN",
        "BEGIN, PRIMARY_TRANSACTION",
        "BEGIN_READ_ONLY, REPLICA_TRANSACTION",
        "BEGIN_READ_WRITE, PRIMARY_TRANSACTION",
        "COMMIT, TRANSACTION_END",
        "ROLLBACK, TRANSACTION_END",
        "TRANSACTION_CONTROL, PRIMARY_TRANSACTION",
        "MULTI_STATEMENT, PRIMARY_MULTI_STATEMENT",
        "UNKNOWN, PRIMARY_UNKNOWN",
    })
    void routesEachKindInAutocommitByTheRuleTable(StatementKind kind, Route expected) {
        assertThat(router.route("x", Classification.of(kind), new Session(), true)).isEqualTo(expected);
    }

    @Test
    void sendsEveryStatementOfAReadWriteTransactionToThePrimary() {
        Session session = new Session();
        session.autoCommit = false;
        assertThat(route(StatementKind.READ, session)).isEqualTo(Route.PRIMARY_TRANSACTION);
        session.transactionBackend = TransactionBackend.PRIMARY;
        for (StatementKind kind : EnumSet.of(StatementKind.READ, StatementKind.SESSION_READ, StatementKind.WRITE,
                StatementKind.LOCKING_READ, StatementKind.UNKNOWN)) {
            assertThat(route(kind, session)).as(kind.name()).isEqualTo(Route.TRANSACTION_CONTINUES);
        }
    }

    @Test
    void keepsAnExplicitTransactionOnItsBackendUntilItEnds() {
        Session session = new Session();
        session.explicitTransaction = true;
        session.transactionBackend = TransactionBackend.PRIMARY;
        assertThat(route(StatementKind.READ, session)).isEqualTo(Route.TRANSACTION_CONTINUES);
        assertThat(route(StatementKind.COMMIT, session)).isEqualTo(Route.TRANSACTION_END);
    }

    @Test
    void startsAReadOnlyTransactionOnAReplica() {
        Session session = new Session();
        session.readOnly = true;
        session.autoCommit = false;
        assertThat(route(StatementKind.READ, session)).isEqualTo(Route.REPLICA_TRANSACTION);
        session.transactionBackend = TransactionBackend.REPLICA;
        assertThat(route(StatementKind.SESSION_READ, session)).isEqualTo(Route.TRANSACTION_CONTINUES);
        assertThat(route(StatementKind.LOCKING_READ, session)).isEqualTo(Route.REFUSED_READ_ONLY);
    }

    @Test
    void startsTransactionOnReadOnlyConnectionGoesToAReplicaUnlessItDeclaresReadWrite() {
        Session session = new Session();
        session.readOnly = true;
        assertThat(route(StatementKind.BEGIN, session)).isEqualTo(Route.REPLICA_TRANSACTION);
        // READ WRITE would lift a replica session's read-only guard for the transaction.
        assertThat(route(StatementKind.BEGIN_READ_WRITE, session)).isEqualTo(Route.PRIMARY_TRANSACTION);
    }

    @Test
    void refusesWritesInReadOnlyModeBeforeSendingThem() {
        Session session = new Session();
        session.readOnly = true;
        assertThat(route(StatementKind.WRITE, session)).isEqualTo(Route.REFUSED_READ_ONLY);
        assertThat(route(StatementKind.DDL, session)).isEqualTo(Route.REFUSED_READ_ONLY);
        assertThat(route(StatementKind.LOCKING_READ, session)).isEqualTo(Route.REFUSED_READ_ONLY);
        assertThat(route(StatementKind.READ, session)).isEqualTo(Route.REPLICA_READ);
    }

    @Test
    void refusesWritesInsideStartTransactionReadOnly() {
        Session session = new Session();
        session.explicitTransaction = true;
        session.explicitReadOnlyTransaction = true;
        session.transactionBackend = TransactionBackend.REPLICA;
        assertThat(route(StatementKind.WRITE, session)).isEqualTo(Route.REFUSED_READ_ONLY);
        assertThat(route(StatementKind.READ, session)).isEqualTo(Route.TRANSACTION_CONTINUES);
    }

    @Test
    void primaryHintWinsOverAReplicaRead() {
        assertThat(router.route("x", new Classification(StatementKind.READ, RouteHint.PRIMARY, null),
                new Session(), true)).isEqualTo(Route.PRIMARY_HINT);
    }

    @Test
    void replicaHintSendsSessionReadsToAReplica() {
        assertThat(router.route("x", new Classification(StatementKind.SESSION_READ, RouteHint.REPLICA, null),
                new Session(), true)).isEqualTo(Route.REPLICA_HINT);
    }

    @Test
    void replicaHintNeverSendsAWriteToAReplica() {
        assertThat(router.route("x", new Classification(StatementKind.WRITE, RouteHint.REPLICA, null),
                new Session(), true)).isEqualTo(Route.PRIMARY_WRITE);
    }

    @Test
    void forcedPrimarySendsReadsToThePrimary() {
        Session session = new Session();
        session.forcedPrimary = true;
        assertThat(route(StatementKind.READ, session)).isEqualTo(Route.PRIMARY_FORCED);
        assertThat(route(StatementKind.BEGIN_READ_ONLY, session)).isEqualTo(Route.PRIMARY_FORCED);
        session.autoCommit = false;
        session.readOnly = true;
        assertThat(route(StatementKind.READ, session)).isEqualTo(Route.PRIMARY_TRANSACTION);
    }

    @Test
    void pinnedSessionSendsReadsToThePrimary() {
        Session session = new Session();
        session.pinnedToPrimary = true;
        assertThat(route(StatementKind.READ, session)).isEqualTo(Route.PRIMARY_SESSION_PIN);
    }

    @Test
    void readsOfThisSessionsTemporaryTableGoToThePrimary() {
        Session session = new Session();
        session.temporaryTable = "tmp_orders";
        assertThat(router.route("select * from tmp_orders", Classification.of(StatementKind.READ), session, true))
                .isEqualTo(Route.PRIMARY_TEMPORARY_TABLE);
        assertThat(router.route("select * from orders", Classification.of(StatementKind.READ), session, true))
                .isEqualTo(Route.REPLICA_READ);
    }

    @Test
    void readsOfVariablesAssignedInsideASelectGoToThePrimary() {
        Session session = new Session();
        assertThat(router.route("select @v", Classification.of(StatementKind.READ), session, true))
                .isEqualTo(Route.REPLICA_READ);
        session.variablesOnPrimary = true;
        assertThat(router.route("select @v", Classification.of(StatementKind.READ), session, true))
                .isEqualTo(Route.PRIMARY_SESSION_READ);
        assertThat(router.route("select 1", Classification.of(StatementKind.READ), session, true))
                .isEqualTo(Route.REPLICA_READ);
    }

    @Test
    void fallsBackToThePrimaryWhenNoReplicaServes() {
        assertThat(router.route("x", Classification.of(StatementKind.READ), new Session(), false))
                .isEqualTo(Route.PRIMARY_FALLBACK);
        Session readOnly = new Session();
        readOnly.readOnly = true;
        readOnly.autoCommit = false;
        assertThat(router.route("x", Classification.of(StatementKind.READ), readOnly, false))
                .isEqualTo(Route.PRIMARY_FALLBACK);
    }

    @Test
    void failsReplicaReadsWhenNoReplicaServesAndPolicyIsFail() {
        Router failing = new Router(NoReplicaPolicy.FAIL);
        assertThat(failing.route("x", Classification.of(StatementKind.READ), new Session(), false))
                .isEqualTo(Route.REFUSED_NO_REPLICA);
        assertThat(failing.route("x", Classification.of(StatementKind.WRITE), new Session(), false))
                .isEqualTo(Route.PRIMARY_WRITE);
    }

    /** Invariants over every combination of kind, hint and session facts. */
    @Test
    void neverSendsAWriteToAReplicaInAnySession() {
        Set<StatementKind> mustNotReachAReplicaOutsideATransaction = EnumSet.of(StatementKind.WRITE,
                StatementKind.DDL, StatementKind.LOCKING_READ, StatementKind.CALL, StatementKind.TEMPORARY_TABLE,
                StatementKind.SESSION_PIN, StatementKind.MULTI_STATEMENT, StatementKind.UNKNOWN,
                StatementKind.BEGIN, StatementKind.BEGIN_READ_WRITE, StatementKind.TRANSACTION_CONTROL);
        int checked = 0;
        for (Session session : everySession()) {
            for (StatementKind kind : StatementKind.values()) {
                for (RouteHint hint : RouteHint.values()) {
                    for (boolean replicaAvailable : new boolean[] {true, false}) {
                        Route route = router.route("select * from tmp", new Classification(kind, hint, null), session,
                                replicaAvailable);
                        checked++;
                        String context = kind + " " + hint + " " + session + " replicas=" + replicaAvailable;
                        if (mustNotReachAReplicaOutsideATransaction.contains(kind)
                                && session.transactionBackend == TransactionBackend.NONE
                                && !startsReadOnlyTransaction(kind, session)) {
                            assertThat(route.target()).as(context).isNotEqualTo(Target.REPLICA);
                        }
                        if (Router.isWrite(kind) && (session.readOnly || session.explicitReadOnlyTransaction)) {
                            assertThat(route).as(context).isEqualTo(Route.REFUSED_READ_ONLY);
                        }
                        if (session.transactionBackend == TransactionBackend.PRIMARY
                                && (!session.autoCommit || session.explicitTransaction)
                                && route.target() != Target.NONE && kind != StatementKind.SESSION_SET) {
                            assertThat(route.target()).as(context).isIn(Target.TRANSACTION_BACKEND);
                        }
                        if (!replicaAvailable) {
                            assertThat(route.target()).as(context).isNotEqualTo(Target.REPLICA);
                        }
                        if (kind == StatementKind.SESSION_SET) {
                            assertThat(route).as(context).isEqualTo(Route.SESSION_STATE);
                        }
                        if (session.forcedPrimary && route.target() == Target.REPLICA) {
                            throw new AssertionError("forced primary reached a replica: " + context);
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    /** A read-only transaction runs whole on one replica, whatever its first statement is. */
    private static boolean startsReadOnlyTransaction(StatementKind kind, Session session) {
        return session.readOnly && (kind == StatementKind.BEGIN || !session.autoCommit);
    }

    private final Router optimistic = new Router(NoReplicaPolicy.PRIMARY, true);

    @ParameterizedTest(name = "optimistic: {0} first in a transaction -> {1}")
    @CsvSource({
        "READ, REPLICA_OPTIMISTIC",
        "WRITE, PRIMARY_TRANSACTION",
        "LOCKING_READ, PRIMARY_TRANSACTION",
        "SESSION_READ, PRIMARY_TRANSACTION",
        "DDL, PRIMARY_TRANSACTION",
        "CALL, PRIMARY_TRANSACTION",
        "UNKNOWN, PRIMARY_TRANSACTION",
        "MULTI_STATEMENT, PRIMARY_TRANSACTION",
        "TRANSACTION_CONTROL, PRIMARY_TRANSACTION",
        "SESSION_SET, SESSION_STATE",
        "COMMIT, TRANSACTION_END",
    })
    void startsATransactionOnAReplicaOnlyWithAReadWhenOptimistic(StatementKind kind, Route expected) {
        Session session = new Session();
        session.autoCommit = false;
        assertThat(optimistic.route("x", Classification.of(kind), session, true)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "optimistic transaction on a replica: {0} -> {1}")
    @CsvSource({
        "READ, TRANSACTION_CONTINUES",
        "WRITE, PRIMARY_PROMOTION",
        "LOCKING_READ, PRIMARY_PROMOTION",
        "SESSION_READ, PRIMARY_PROMOTION",
        "DDL, PRIMARY_PROMOTION",
        "TEMPORARY_TABLE, PRIMARY_PROMOTION",
        "CALL, PRIMARY_PROMOTION",
        "SESSION_PIN, PRIMARY_PROMOTION",
        "BEGIN, PRIMARY_PROMOTION",
        "BEGIN_READ_WRITE, PRIMARY_PROMOTION",
        "TRANSACTION_CONTROL, PRIMARY_PROMOTION",
        "MULTI_STATEMENT, PRIMARY_PROMOTION",
        "UNKNOWN, PRIMARY_PROMOTION",
        "SESSION_SET, SESSION_STATE",
        "COMMIT, TRANSACTION_END",
        "ROLLBACK, TRANSACTION_END",
    })
    void movesAnOptimisticTransactionToThePrimaryAtItsFirstStatementThatMustRunThere(StatementKind kind,
                                                                                     Route expected) {
        Session session = new Session();
        session.autoCommit = false;
        session.transactionBackend = TransactionBackend.REPLICA;
        session.optimisticTransaction = true;
        assertThat(optimistic.route("x", Classification.of(kind), session, true)).isEqualTo(expected);
    }

    @Test
    void keepsOptimisticTransactionsOnThePrimaryWhenAskedOrPinnedThere() {
        Session forced = new Session();
        forced.autoCommit = false;
        forced.forcedPrimary = true;
        assertThat(optimistic.route("x", Classification.of(StatementKind.READ), forced, true))
                .isEqualTo(Route.PRIMARY_TRANSACTION);
        Session hinted = new Session();
        hinted.autoCommit = false;
        assertThat(optimistic.route("x", new Classification(StatementKind.READ, RouteHint.PRIMARY, null), hinted, true))
                .isEqualTo(Route.PRIMARY_TRANSACTION);
        Session temporary = new Session();
        temporary.autoCommit = false;
        temporary.temporaryTable = "tmp";
        assertThat(optimistic.route("SELECT * FROM tmp", Classification.of(StatementKind.READ), temporary, true))
                .isEqualTo(Route.PRIMARY_TRANSACTION);
        Session onReplica = new Session();
        onReplica.autoCommit = false;
        onReplica.transactionBackend = TransactionBackend.REPLICA;
        onReplica.optimisticTransaction = true;
        assertThat(optimistic.route("x", new Classification(StatementKind.READ, RouteHint.PRIMARY, null), onReplica, true))
                .isEqualTo(Route.PRIMARY_PROMOTION);
    }

    @Test
    void startsAnExplicitBeginOnAReplicaWhenOptimisticUnlessItDeclaresReadWrite() {
        assertThat(optimistic.route("BEGIN", Classification.of(StatementKind.BEGIN), new Session(), true))
                .isEqualTo(Route.REPLICA_OPTIMISTIC);
        assertThat(optimistic.route("x", Classification.of(StatementKind.BEGIN_READ_WRITE), new Session(), true))
                .isEqualTo(Route.PRIMARY_TRANSACTION);
        assertThat(optimistic.route("x", Classification.of(StatementKind.BEGIN_READ_ONLY), new Session(), true))
                .isEqualTo(Route.REPLICA_TRANSACTION);
        assertThat(optimistic.route("BEGIN", Classification.of(StatementKind.BEGIN), new Session(), false))
                .as("no replica serves").isEqualTo(Route.PRIMARY_FALLBACK);
    }

    @Test
    void keepsAnExplicitBeginOnThePrimaryWhenHintedForcedOrPinnedThere() {
        assertThat(optimistic.route("x", new Classification(StatementKind.BEGIN, RouteHint.PRIMARY, null),
                new Session(), true)).isEqualTo(Route.PRIMARY_HINT);
        Session forced = new Session();
        forced.forcedPrimary = true;
        assertThat(optimistic.route("x", Classification.of(StatementKind.BEGIN), forced, true))
                .isEqualTo(Route.PRIMARY_FORCED);
        Session locked = new Session();
        locked.pinnedToPrimary = true;
        assertThat(optimistic.route("x", Classification.of(StatementKind.BEGIN), locked, true))
                .isEqualTo(Route.PRIMARY_SESSION_PIN);
    }

    @Test
    void neverStartsOrPromotesAnOptimisticTransactionWhenTheSettingIsOff() {
        for (Session session : everySession()) {
            for (StatementKind kind : StatementKind.values()) {
                assertThat(route(kind, session)).as(kind + " " + session)
                        .isNotIn(Route.REPLICA_OPTIMISTIC, Route.PRIMARY_PROMOTION);
            }
        }
    }

    @Test
    void startsNoOptimisticTransactionWhenNoReplicaServes() {
        Session session = new Session();
        session.autoCommit = false;
        assertThat(optimistic.route("x", Classification.of(StatementKind.READ), session, false))
                .isEqualTo(Route.PRIMARY_FALLBACK);
    }

    private Route route(StatementKind kind, Session session) {
        return router.route("x", Classification.of(kind), session, true);
    }

    private static List<Session> everySession() {
        List<Session> sessions = new ArrayList<>();
        for (int bits = 0; bits < 1 << 7; bits++) {
            for (TransactionBackend backend : TransactionBackend.values()) {
                Session session = new Session();
                session.autoCommit = (bits & 1) == 0;
                session.readOnly = (bits & 2) != 0;
                session.explicitTransaction = (bits & 4) != 0;
                session.explicitReadOnlyTransaction = session.explicitTransaction && (bits & 8) != 0;
                session.forcedPrimary = (bits & 16) != 0;
                session.pinnedToPrimary = (bits & 32) != 0;
                session.temporaryTable = (bits & 64) != 0 ? "tmp" : null;
                boolean inTransaction = !session.autoCommit || session.explicitTransaction;
                if (!inTransaction && backend != TransactionBackend.NONE) {
                    continue;
                }
                if (session.explicitTransaction && backend == TransactionBackend.NONE) {
                    continue; // BEGIN always records where the transaction runs
                }
                session.transactionBackend = backend;
                sessions.add(session);
            }
        }
        return sessions;
    }

    private static final class Session implements SessionFacts {
        boolean autoCommit = true;
        boolean readOnly;
        boolean explicitTransaction;
        boolean explicitReadOnlyTransaction;
        TransactionBackend transactionBackend = TransactionBackend.NONE;
        boolean optimisticTransaction;
        boolean forcedPrimary;
        boolean pinnedToPrimary;
        String temporaryTable;
        boolean variablesOnPrimary;

        @Override public boolean autoCommit() { return autoCommit; }
        @Override public boolean readOnly() { return readOnly; }
        @Override public boolean explicitTransaction() { return explicitTransaction; }
        @Override public boolean explicitReadOnlyTransaction() { return explicitReadOnlyTransaction; }
        @Override public TransactionBackend transactionBackend() { return transactionBackend; }
        @Override public boolean optimisticTransaction() { return optimisticTransaction; }
        @Override public boolean forcedPrimary() { return forcedPrimary; }
        @Override public boolean pinnedToPrimary() { return pinnedToPrimary; }

        @Override
        public boolean mentionsTemporaryTable(String sql) {
            return temporaryTable != null && sql.contains(temporaryTable);
        }

        @Override
        public boolean readsPrimaryOnlyVariable(String sql) {
            return variablesOnPrimary && sql.contains("@");
        }

        @Override
        public String toString() {
            return "autoCommit=" + autoCommit + " readOnly=" + readOnly + " explicit=" + explicitTransaction
                    + " explicitRO=" + explicitReadOnlyTransaction + " backend=" + transactionBackend
                    + " forced=" + forcedPrimary + " pinned=" + pinnedToPrimary + " temp=" + temporaryTable;
        }
    }
}
