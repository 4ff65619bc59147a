package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.cluster.RecordingBackend;
import io.rwsplit.cluster.StandInCluster;
import io.rwsplit.monitor.Endpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Following the primary over stand-in backends: writes go where the monitor's stand-in says the one primary is, wait
 * for one while none is known, run once more on the new primary when the old one refused them as read-only, and a
 * transaction on a replaced primary ends with 40001, never on another server.
 */
class TopologyTest {

    private static final String READ_ONLY_TEXT = "The MariaDB server is running with the --read-only option so it "
            + "cannot execute this statement";

    private final StandInCluster servers = new StandInCluster(2);
    private final Connection connection = new RoutingConnection(servers.cluster());
    private final Endpoint replica2 = servers.replica(2).endpoint();

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void writesGoToTheNewPrimaryOnceTheMonitorMovesItAndTheOldOneIsRetired() throws Exception {
        update("UPDATE t SET v = 1");
        servers.health().primary(replica2);
        update("UPDATE t SET v = 2");
        assertThat(servers.log()).containsExactly("primary: UPDATE t SET v = 1", "replica2: UPDATE t SET v = 2");
        assertThat(servers.promotedPrimaries()).singleElement().extracting(RecordingBackend::endpoint)
                .isEqualTo(replica2);
        awaitEvent(servers.primary(), "cutOff");
        assertThat(servers.primary().events()).contains("cutOff");
        assertThat(servers.cluster().primaryChanges()).isEqualTo(1);
    }

    @Test
    void aWriteWaitsForAPrimaryWhileNoneIsKnown() throws Exception {
        servers.health().primary(null);
        CompletableFuture<Void> promoted = CompletableFuture.runAsync(() -> {
            sleep(200);
            servers.health().primary(replica2);
        });
        update("UPDATE t SET v = 1");
        promoted.get();
        assertThat(servers.log()).containsExactly("replica2: UPDATE t SET v = 1");
        assertThat(servers.cluster().topologyCounts().waits()).isEqualTo(1);
        assertThat(servers.cluster().topologyCounts().longestWaitMillis()).isBetween(100L, 5000L);
        assertThat(servers.health().rechecks()).isPositive();
    }

    @Test
    void aWriteFailsUnexecutedWhenNoPrimaryComesWithinTheWait() {
        servers.primaryWait(Duration.ofMillis(100));
        servers.health().primary(null);
        assertThatThrownBy(() -> update("UPDATE t SET v = 1"))
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("this statement must run on the primary, and no primary was found within 100 ms "
                        + "(rwsplit.primaryWait): no primary: moved by the test")
                .hasMessageContaining("not executed")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        assertThat(servers.log()).isEmpty();
        assertThat(servers.cluster().topologyCounts().noPrimary()).isEqualTo(1);
    }

    @Test
    void readsGoOnWhileNoPrimaryIsKnown() throws SQLException {
        servers.primaryWait(Duration.ofMillis(100));
        servers.health().primary(null);
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1");
        }
        assertThat(servers.log()).containsExactly("replica1: SELECT 1");
    }

    @Test
    void aWriteRefusedAsReadOnlyRunsOnceMoreOnTheNewPrimary() throws Exception {
        servers.primary().server().failNext(new SQLException(READ_ONLY_TEXT, "HY000", 1290));
        CompletableFuture<Void> promoted = CompletableFuture.runAsync(() -> {
            sleep(100);
            servers.health().primary(replica2);
        });
        update("INSERT INTO t VALUES (1)");
        promoted.get();
        assertThat(servers.log()).containsExactly("replica2: INSERT INTO t VALUES (1)");
        assertThat(servers.cluster().topologyStatistics().writesRetried()).isEqualTo(1);
        assertThat(servers.health().rechecks()).isPositive();
    }

    @Test
    void aWriteRefusedInReadOnlyModeRunsOnceMoreOnTheNewPrimary() throws Exception {
        servers.primary().server().failNext(new SQLException("Running in read-only mode", "HY000", 1836));
        servers.health().primary(replica2);
        update("INSERT INTO t VALUES (1)");
        assertThat(servers.log()).containsExactly("replica2: INSERT INTO t VALUES (1)");
    }

    @Test
    void aWriteRefusedAsReadOnlyFailsNamingBothWhenNoOtherPrimaryComes() {
        servers.primaryWait(Duration.ofMillis(100));
        servers.primary().server().failNext(new SQLException(READ_ONLY_TEXT, "HY000", 1290));
        assertThatThrownBy(() -> update("INSERT INTO t VALUES (1)"))
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("primary:3306 refused the write as read-only (error 1290)")
                .hasMessageContaining("the monitor still sees primary:3306 as the primary")
                .hasMessageContaining("not executed");
        assertThat(servers.log()).isEmpty();
        assertThat(servers.cluster().topologyStatistics().writesRetried()).isZero();
    }

    @Test
    void anotherOptionsRefusalIsNotMistakenForReadOnly() {
        SQLException secureFilePriv = new SQLException("The MariaDB server is running with the --secure-file-priv "
                + "option so it cannot execute this statement", "HY000", 1290);
        servers.primary().server().failNext(secureFilePriv);
        assertThatThrownBy(() -> update("SELECT * FROM t INTO OUTFILE '/x'")).isSameAs(secureFilePriv);
        assertThat(servers.health().rechecks()).isZero();
    }

    @Test
    void aTransactionOnAReplacedPrimaryEndsWith40001AndTheNextStartsOnTheNewOne() throws Exception {
        connection.setAutoCommit(false);
        update("UPDATE t SET v = 1");
        servers.health().primary(replica2);
        assertThatThrownBy(() -> update("UPDATE t SET v = 2"))
                .isInstanceOf(SQLTransactionRollbackException.class)
                .hasMessageContaining("primary:3306 is no longer the primary (replica2:3306 is)")
                .hasMessageContaining("rolled back")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("40001");
        update("UPDATE t SET v = 3");
        connection.commit();
        assertThat(servers.log()).containsExactly("primary: SET autocommit=0", "primary: UPDATE t SET v = 1",
                "replica2: SET autocommit=0", "replica2: UPDATE t SET v = 3", "replica2: COMMIT");
        assertThat(servers.cluster().topologyStatistics().transactionsLost()).isEqualTo(1);
    }

    @Test
    void aCommitOnAReplacedPrimaryFailsWith40001AndARollbackEndsQuietly() throws Exception {
        connection.setAutoCommit(false);
        update("UPDATE t SET v = 1");
        servers.health().primary(replica2);
        assertThatThrownBy(connection::commit).isInstanceOf(SQLTransactionRollbackException.class);
        update("UPDATE t SET v = 2");
        servers.health().primary(servers.replica(1).endpoint());
        connection.rollback();
        assertThat(servers.log()).containsExactly("primary: SET autocommit=0", "primary: UPDATE t SET v = 1",
                "replica2: SET autocommit=0", "replica2: UPDATE t SET v = 2");
    }

    @Test
    void aReadOnlyRefusalInsideATransactionRollsItBackWith40001() throws Exception {
        connection.setAutoCommit(false);
        update("UPDATE t SET v = 1");
        servers.primary().server().failNext(new SQLException(READ_ONLY_TEXT, "HY000", 1290));
        assertThatThrownBy(() -> update("UPDATE t SET v = 2"))
                .isInstanceOf(SQLTransactionRollbackException.class)
                .hasMessageContaining("the server turned read-only");
        assertThat(servers.health().rechecks()).isPositive();
        assertThat(servers.log()).containsExactly("primary: SET autocommit=0", "primary: UPDATE t SET v = 1");
    }

    @Test
    void aCommitRefusedAsReadOnlyGives40001() throws Exception {
        connection.setAutoCommit(false);
        update("UPDATE t SET v = 1");
        servers.primary().server().failNext(new SQLException(READ_ONLY_TEXT, "HY000", 1290));
        assertThatThrownBy(connection::commit).isInstanceOf(SQLTransactionRollbackException.class)
                .hasMessageContaining("the server refused the commit as read-only");
        update("UPDATE t SET v = 2");
        connection.commit();
        assertThat(servers.cluster().topologyStatistics().transactionsLost()).isEqualTo(1);
    }

    @Test
    void aCommitStatementRefusedAsReadOnlyGives40001AndNeverRunsOnTheNewPrimary() throws Exception {
        update("BEGIN");
        update("UPDATE t SET v = 1");
        servers.primary().server().failNext(new SQLException(READ_ONLY_TEXT, "HY000", 1290));
        // As in a switchover, the monitor learns of the new primary only after the old one refused the commit: run
        // there, the COMMIT would succeed with nothing to commit, and the app count a lost write as committed.
        CompletableFuture<Void> promoted = CompletableFuture.runAsync(() -> {
            sleep(200);
            servers.health().primary(replica2);
        });
        assertThatThrownBy(() -> update("COMMIT")).isInstanceOf(SQLTransactionRollbackException.class)
                .hasMessageContaining("the server refused the commit as read-only");
        promoted.get();
        assertThat(servers.log()).containsExactly("primary: BEGIN", "primary: UPDATE t SET v = 1");
        assertThat(servers.cluster().topologyStatistics().transactionsLost()).isEqualTo(1);
    }

    @Test
    void aBeginWhoseConnectionBrokeLeavesTheSessionOutOfAnyTransaction() throws Exception {
        servers.primary().server().breakNext();
        assertThatThrownBy(() -> update("BEGIN")).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("08S01");
        // The server dropped the broken session with its transaction: the connection goes on as after no BEGIN.
        update("UPDATE t SET v = 1");
        connection.setAutoCommit(false);
        update("UPDATE t SET v = 2");
        connection.commit();
        assertThat(servers.log()).endsWith("primary: UPDATE t SET v = 1", "primary: SET autocommit=0",
                "primary: UPDATE t SET v = 2", "primary: COMMIT");
    }

    @Test
    void switchingAutocommitAfterTheTransactionsConnectionBrokeSendsNothingThere() throws Exception {
        breakATransactionUnderACall();
        connection.setAutoCommit(false);
        update("UPDATE t SET v = 2");
        connection.commit();
        assertThat(servers.log()).endsWith("primary: SET autocommit=0", "primary: UPDATE t SET v = 2",
                "primary: COMMIT");
    }

    @Test
    void aRollbackStatementAfterTheTransactionsConnectionBrokeEndsItQuietly() throws Exception {
        breakATransactionUnderACall();
        update("ROLLBACK");
        update("UPDATE t SET v = 2");
        assertThat(servers.log()).endsWith("primary: UPDATE t SET v = 2");
    }

    @Test
    void aCommitStatementAfterThePrimaryTransactionsConnectionBrokeFailsAndTheSessionGoesOn() throws Exception {
        breakATransactionUnderACall();
        assertThatThrownBy(() -> update("COMMIT")).hasMessageContaining("cannot commit")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08003");
        update("UPDATE t SET v = 2");
        assertThat(servers.log()).endsWith("primary: UPDATE t SET v = 2");
    }

    @Test
    void aPrimaryConnectionBrokenMidTransactionGives40001ButABrokenCommitStaysUnknown() throws Exception {
        connection.setAutoCommit(false);
        update("UPDATE t SET v = 1");
        servers.primary().server().breakNext();
        assertThatThrownBy(() -> update("UPDATE t SET v = 2"))
                .isInstanceOf(SQLTransactionRollbackException.class)
                .hasMessageContaining("its connection broke")
                .cause().extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08S01");
        update("UPDATE t SET v = 3");
        servers.primary().server().breakNext();
        assertThatThrownBy(connection::commit).isNotInstanceOf(SQLTransactionRollbackException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08S01");
    }

    /**
     * A transaction begun with BEGIN whose primary connection breaks under a CALL, which may have committed: the app
     * gets Connector/J's 08S01 (outcome unknown), and the session's state keeps the transaction on the gone connection.
     */
    private void breakATransactionUnderACall() throws SQLException {
        update("BEGIN");
        update("UPDATE t SET v = 1");
        servers.primary().server().breakNext();
        assertThatThrownBy(() -> update("CALL p()")).extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("08S01");
    }

    private void update(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void awaitEvent(RecordingBackend backend, String event) throws InterruptedException {
        for (int i = 0; i < 100 && !backend.events().contains(event); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
