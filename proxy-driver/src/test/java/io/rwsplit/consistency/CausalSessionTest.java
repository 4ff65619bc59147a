package io.rwsplit.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.monitor.ReplicationPosition;
import io.rwsplit.sql.StatementKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CausalSessionTest {

    private static final String MARIADB = "5.5.5-10.11.19-MariaDB";
    private static final Duration LONG_WINDOW = Duration.ofHours(1);

    // ---- which statements count ------------------------------------------------------------------------------

    @Test
    void onlyReadsSessionSettingsAndRollbacksCannotCommit() {
        Set<StatementKind> cannot = EnumSet.of(StatementKind.READ, StatementKind.SESSION_READ,
                StatementKind.LOCKING_READ, StatementKind.SESSION_SET, StatementKind.ROLLBACK);
        for (StatementKind kind : StatementKind.values()) {
            assertThat(CausalSession.mayCommit(kind)).as(kind.name()).isEqualTo(!cannot.contains(kind));
        }
    }

    @Test
    void multiStatementsCallsAndUnknownSqlMayEndWithAnotherPacketThanTheirCommit() {
        for (StatementKind kind : StatementKind.values()) {
            boolean several = kind == StatementKind.MULTI_STATEMENT || kind == StatementKind.CALL
                    || kind == StatementKind.UNKNOWN;
            assertThat(CausalSession.answersInSeveralPackets(kind)).as(kind.name()).isEqualTo(several);
        }
    }

    // ---- off --------------------------------------------------------------------------------------------------

    @Test
    void offConstrainsNothing() throws Exception {
        CausalSession session = CausalReads.off().newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        session.ranOnPrimary(primary.connection(), false, StatementKind.WRITE, false);
        assertThat(session.active()).isFalse();
        assertThat(session.needsPrimary()).isFalse();
        assertThat(session.needed()).isNull();
        assertThat(primary.sent).isEmpty();
    }

    // ---- primary-window ---------------------------------------------------------------------------------------

    @Test
    void noWindowBeforeTheFirstWrite() {
        assertThat(window(ConsistencyScope.CONNECTION, LONG_WINDOW).newSession().needsPrimary()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = StatementKind.class, names = {"WRITE", "DDL", "CALL", "COMMIT", "MULTI_STATEMENT", "UNKNOWN"})
    void aStatementThatMayCommitOpensTheWindow(StatementKind kind) throws Exception {
        CausalSession session = window(ConsistencyScope.CONNECTION, LONG_WINDOW).newSession();
        session.ranOnPrimary(null, false, kind, false);
        assertThat(session.needsPrimary()).isTrue();
        assertThat(session.needed()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = StatementKind.class, names = {"READ", "SESSION_READ", "LOCKING_READ", "SESSION_SET", "ROLLBACK"})
    void aStatementThatCannotCommitLeavesTheWindowShut(StatementKind kind) throws Exception {
        CausalSession session = window(ConsistencyScope.CONNECTION, LONG_WINDOW).newSession();
        session.ranOnPrimary(null, false, kind, false);
        assertThat(session.needsPrimary()).isFalse();
    }

    @Test
    void aFailedWriteOpensTheWindowToo() throws Exception {
        CausalSession session = window(ConsistencyScope.CONNECTION, LONG_WINDOW).newSession();
        session.ranOnPrimary(null, false, StatementKind.WRITE, true);
        assertThat(session.needsPrimary()).isTrue();
    }

    @Test
    void theWindowShutsWhenItsTimeIsOver() throws Exception {
        CausalSession session = window(ConsistencyScope.CONNECTION, Duration.ofMillis(1)).newSession();
        session.ranOnPrimary(null, false, StatementKind.WRITE, false);
        Thread.sleep(20);
        assertThat(session.needsPrimary()).isFalse();
    }

    @Test
    void inTheConnectionScopeAnotherConnectionsWriteOpensNoWindow() throws Exception {
        CausalReads cluster = window(ConsistencyScope.CONNECTION, LONG_WINDOW);
        CausalSession writer = cluster.newSession();
        CausalSession reader = cluster.newSession();
        writer.ranOnPrimary(null, false, StatementKind.WRITE, false);
        assertThat(reader.needsPrimary()).isFalse();
    }

    @Test
    void inTheClusterScopeAnyConnectionsWriteOpensTheWindowForAll() throws Exception {
        CausalReads cluster = window(ConsistencyScope.CLUSTER, LONG_WINDOW);
        CausalSession writer = cluster.newSession();
        CausalSession reader = cluster.newSession();
        writer.ranOnPrimary(null, false, StatementKind.COMMIT, false);
        assertThat(reader.needsPrimary()).isTrue();
    }

    // ---- gtid -------------------------------------------------------------------------------------------------

    @Test
    void gtidModeNeedsNothingBeforeTheFirstWrite() {
        CausalSession session = gtid(ConsistencyScope.CONNECTION).newSession();
        assertThat(session.active()).isTrue();
        assertThat(session.needed()).isNull();
        assertThat(session.needsPrimary()).isFalse();
    }

    @Test
    void withoutTrackingTheGtidIsAskedForAfterAWrite() throws Exception {
        CausalSession session = gtid(ConsistencyScope.CONNECTION).newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        primary.lastGtid = "0-1-17";
        session.ranOnPrimary(primary.connection(), false, StatementKind.WRITE, false);
        assertThat(primary.sent).containsExactly("SELECT @@last_gtid");
        assertThat(session.needed()).isEqualTo(mariaDb("0-1-17"));
        assertThat(session.needsPrimary()).isFalse();
    }

    @Test
    void aReadOnThePrimaryIsNotFollowedByAQuestion() throws Exception {
        CausalSession session = gtid(ConsistencyScope.CONNECTION).newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        session.ranOnPrimary(primary.connection(), false, StatementKind.READ, false);
        session.ranOnPrimary(primary.connection(), false, StatementKind.SESSION_SET, false);
        assertThat(primary.sent).isEmpty();
        assertThat(session.needed()).isNull();
    }

    @Test
    void withTrackingAPlainWriteCostsNoQuestion() throws Exception {
        CausalSession session = gtid(ConsistencyScope.CONNECTION).newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        session.ranOnPrimary(primary.connection(), true, StatementKind.WRITE, false);
        session.ranOnPrimary(primary.connection(), true, StatementKind.COMMIT, false);
        assertThat(primary.sent).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = StatementKind.class, names = {"MULTI_STATEMENT", "CALL", "UNKNOWN"})
    void withTrackingAStatementOfSeveralPacketsIsFollowedByAQuestion(StatementKind kind) throws Exception {
        CausalSession session = gtid(ConsistencyScope.CONNECTION).newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        primary.lastGtid = "0-1-4";
        session.ranOnPrimary(primary.connection(), true, kind, false);
        assertThat(primary.sent).containsExactly("SELECT @@last_gtid");
        assertThat(session.needed()).isEqualTo(mariaDb("0-1-4"));
    }

    @Test
    void withTrackingAFailedWriteIsFollowedByAQuestion() throws Exception {
        CausalSession session = gtid(ConsistencyScope.CONNECTION).newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        primary.lastGtid = "0-1-9";
        session.ranOnPrimary(primary.connection(), true, StatementKind.WRITE, true);
        assertThat(session.needed()).isEqualTo(mariaDb("0-1-9"));
    }

    @Test
    void theSessionNeedsItsNewestWritePerDomain() throws Exception {
        CausalSession session = gtid(ConsistencyScope.CONNECTION).newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        for (String gtid : new String[] {"0-1-5", "1-1-2", "0-1-7", "0-1-6"}) {
            primary.lastGtid = gtid;
            session.ranOnPrimary(primary.connection(), false, StatementKind.WRITE, false);
        }
        assertThat(session.needed()).isEqualTo(mariaDb("0-1-7,1-1-2"));
    }

    @Test
    void aWriteWithoutGtidChangesNothing() throws Exception {
        CausalSession session = gtid(ConsistencyScope.CONNECTION).newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        primary.lastGtid = "";
        session.ranOnPrimary(primary.connection(), false, StatementKind.WRITE, false);
        assertThat(session.needed()).isNull();
    }

    @Test
    void inTheConnectionScopeOnlyOwnWritesAreNeeded() throws Exception {
        CausalReads cluster = gtid(ConsistencyScope.CONNECTION);
        CausalSession writer = cluster.newSession();
        CausalSession reader = cluster.newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        primary.lastGtid = "0-1-30";
        writer.ranOnPrimary(primary.connection(), false, StatementKind.WRITE, false);
        assertThat(reader.needed()).isNull();
    }

    @Test
    void inTheClusterScopeEveryAcknowledgedWriteIsNeeded() throws Exception {
        CausalReads cluster = gtid(ConsistencyScope.CLUSTER);
        CausalSession a = cluster.newSession();
        CausalSession b = cluster.newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        primary.lastGtid = "0-1-30";
        a.ranOnPrimary(primary.connection(), false, StatementKind.WRITE, false);
        primary.lastGtid = "1-1-4";
        b.ranOnPrimary(primary.connection(), false, StatementKind.WRITE, false);
        assertThat(b.needed()).isEqualTo(mariaDb("0-1-30,1-1-4"));
        assertThat(cluster.newSession().needed()).isEqualTo(mariaDb("0-1-30,1-1-4"));
    }

    @Test
    void gtidSendsAReadItsReplicaIsNotKnownToCoverToThePrimary() {
        assertThat(gtid(ConsistencyScope.CONNECTION).newSession().readsPrimaryUntilReplicaKnown()).isTrue();
    }

    @Test
    void gtidWaitNeverSendsTheReadToThePrimaryBeforeItsWait() {
        CausalSession session = new CausalReads("test", ReadYourWrites.GTID_WAIT, ConsistencyScope.CONNECTION,
                Duration.ofSeconds(1), Duration.ofMillis(200)).newSession();
        assertThat(session.readsPrimaryUntilReplicaKnown()).isFalse();
    }

    @Test
    void gtidWaitFollowsWritesByTheirGtidsAsGtidDoes() throws Exception {
        CausalReads waiting = new CausalReads("test", ReadYourWrites.GTID_WAIT, ConsistencyScope.CONNECTION,
                Duration.ofSeconds(1), Duration.ofMillis(200));
        assertThat(waiting.primaryProperties(new java.util.Properties()).getProperty("trackSessionState"))
                .isEqualTo("true");
        CausalSession session = waiting.newSession();
        FakePrimary primary = new FakePrimary(MARIADB);
        primary.lastGtid = "0-1-42";
        assertThat(session.ranOnPrimary(primary.connection(), false, StatementKind.WRITE, false)).isTrue();
        assertThat(session.needed()).isEqualTo(mariaDb("0-1-42"));
    }

    @Test
    void statisticsStartAtZeroAndNameTheMode() {
        ConsistencyStatistics statistics = gtid(ConsistencyScope.CONNECTION).statistics();
        assertThat(statistics).isEqualTo(new ConsistencyStatistics("gtid", 0, 0, 0, 0, 0, 0));
    }

    private static CausalReads window(ConsistencyScope scope, Duration window) {
        return new CausalReads("test", ReadYourWrites.PRIMARY_WINDOW, scope, window, Duration.ofMillis(200));
    }

    private static CausalReads gtid(ConsistencyScope scope) {
        return new CausalReads("test", ReadYourWrites.GTID, scope, Duration.ofSeconds(1), Duration.ofMillis(200));
    }

    private static ReplicationPosition mariaDb(String text) {
        return ReplicationPosition.parseMariaDbGtid(text);
    }
}
