package io.rwsplit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.cluster.StandInCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatch path's rules (route, bind, run, retry, record, replay) over stand-in backends that log what ran where:
 * fast checks of what the real-server ITs prove by each server's general log.
 */
class DispatchTest {

    private final StandInCluster servers = new StandInCluster(2);
    private final Connection connection = new RoutingConnection(servers.cluster());

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void sendsReadsToAReplicaAndWritesToThePrimary() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT id FROM t");
            statement.executeUpdate("UPDATE t SET v = 1");
        }
        assertThat(servers.log()).containsExactly("replica1: SELECT id FROM t", "primary: UPDATE t SET v = 1");
    }

    @Test
    void runsAReadAgainOnTheOtherReplicaWhenItsConnectionBreaks() throws SQLException {
        servers.replica(1).server().breakNext();
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1");
        }
        assertThat(servers.log()).containsExactly("replica2: SELECT 1");
        assertThat(servers.health().reported()).containsExactly(servers.replica(1).endpoint());
        assertThat(servers.replica(1).events()).containsExactly("borrow", "evict");
        assertThat(servers.cluster().statistics().retries()).isEqualTo(1);
    }

    @Test
    void triesEachReplicaOnceThenThePrimary() throws SQLException {
        servers.replica(1).server().breakNext();
        servers.replica(2).server().breakNext();
        try (PreparedStatement read = connection.prepareStatement("SELECT ?")) {
            read.setInt(1, 7);
            read.executeQuery();
        }
        assertThat(servers.log()).containsExactly("primary: SELECT ? [7]");
        assertThat(servers.health().reported()).containsExactly(servers.replica(1).endpoint(),
                servers.replica(2).endpoint());
    }

    @Test
    void neverRunsAWriteTwice() {
        servers.primary().server().breakNext();
        assertThatThrownBy(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO t VALUES (1)");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("Communications link failure");
        assertThat(servers.log()).isEmpty();
        assertThat(servers.cluster().statistics().retries()).isZero();
        assertThat(servers.primary().events()).containsExactly("borrow", "discard", "evict");
    }

    @Test
    void givesAnErrorInTheStatementToTheAppWithoutRetrying() {
        servers.replica(1).server().failNext(new SQLException("Table 'app.nope' doesn't exist", "42S02", 1146));
        assertThatThrownBy(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT * FROM nope");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("doesn't exist");
        assertThat(servers.log()).isEmpty();
        assertThat(servers.health().reported()).isEmpty();
    }

    @Test
    void startsAReadOnlyTransactionOverElsewhereWhenItsFirstStatementFindsTheReplicaBroken() throws SQLException {
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        servers.replica(1).server().breakNext();
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1");
            statement.executeQuery("SELECT 2");
        }
        connection.commit();
        assertThat(servers.ranOn("replica2")).containsExactly("SET autocommit=0", "SELECT 1", "SELECT 2", "COMMIT");
    }

    @Test
    void rollsBackAReadOnlyTransactionWhoseReplicaBrokeLaterWhenItCannotBeReplayed() throws SQLException {
        servers.journalLimit(0);
        try (Connection unjournaled = new RoutingConnection(servers.cluster())) {
            unjournaled.setReadOnly(true);
            unjournaled.setAutoCommit(false);
            try (Statement statement = unjournaled.createStatement()) {
                statement.executeQuery("SELECT 1");
                servers.replica(1).server().breakNext();
                assertThatThrownBy(() -> statement.executeQuery("SELECT 2")).isInstanceOf(SQLException.class)
                        .hasFieldOrPropertyWithValue("SQLState", "40001")
                        .hasMessageContaining("rwsplit.transactionJournalLimit=0");
            }
            unjournaled.rollback();
            try (Statement statement = unjournaled.createStatement()) {
                statement.executeQuery("SELECT 3");
            }
            unjournaled.commit();
        }
        assertThat(servers.ranOn("replica2")).containsExactly("SET autocommit=0", "SELECT 3", "COMMIT");
        assertThat(servers.ranOn("primary")).isEmpty();
    }

    @Test
    void replaysASessionStatementOfABatchOnEveryServerTheConnectionUsesLater() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.addBatch("SET time_zone = '+02:00'");
            statement.addBatch("INSERT INTO t VALUES (1)");
            statement.executeBatch();
            statement.executeQuery("SELECT NOW()");
        }
        assertThat(servers.ranOn("primary")).containsExactly("SET time_zone = '+02:00'", "INSERT INTO t VALUES (1)");
        assertThat(servers.ranOn("replica1")).containsExactly("SET time_zone = '+02:00'", "SELECT NOW()");
    }

    @Test
    void replaysABatchedSessionStatementOnServersAlreadyHeld() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1");
            statement.addBatch("SET @tenant = 42");
            statement.addBatch("SET sql_mode = 'ANSI'");
            statement.executeBatch();
        }
        assertThat(servers.ranOn("replica1")).containsExactly("SELECT 1", "SET @tenant = 42", "SET sql_mode = 'ANSI'");
        assertThat(servers.ranOn("primary")).containsExactly("SET @tenant = 42", "SET sql_mode = 'ANSI'");
    }

    @Test
    void replaysTheLastParameterSetOfABatchedPreparedSessionStatement() throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("SET @tenant = ?")) {
            set.setInt(1, 7);
            set.addBatch();
            set.setInt(1, 8);
            set.addBatch();
            set.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT @tenant");
        }
        // The same statement text again replaces the earlier one: a server opened later needs only the last value.
        assertThat(servers.ranOn("primary")).containsExactly("SET @tenant = ? [7]", "SET @tenant = ? [8]");
        assertThat(servers.ranOn("replica1")).containsExactly("SET @tenant = ? [8]", "SELECT @tenant");
    }

    @Test
    void sendsReadsOfATemporaryTableCreatedInABatchToThePrimary() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.addBatch("CREATE TEMPORARY TABLE scratch (id INT)");
            statement.addBatch("INSERT INTO scratch VALUES (1)");
            statement.executeBatch();
            statement.executeQuery("SELECT id FROM scratch");
            statement.executeQuery("SELECT id FROM t");
        }
        assertThat(servers.ranOn("primary")).containsExactly("CREATE TEMPORARY TABLE scratch (id INT)",
                "INSERT INTO scratch VALUES (1)", "SELECT id FROM scratch");
        assertThat(servers.ranOn("replica1")).containsExactly("SELECT id FROM t");
    }

    @Test
    void closesInsteadOfReturningAConnectionWhoseSessionChanged() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1");
            statement.executeUpdate("INSERT INTO t VALUES (1)");
            statement.execute("SET @v = 1");
        }
        connection.close();
        assertThat(servers.primary().events()).containsExactly("borrow", "evict");
        assertThat(servers.replica(1).events()).containsExactly("borrow", "evict");
    }

    @Test
    void givesBackConnectionsWhoseSessionIsAsBorrowed() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1");
            statement.executeUpdate("INSERT INTO t VALUES (1)");
        }
        connection.close();
        assertThat(servers.primary().events()).containsExactly("borrow", "giveBack");
        assertThat(servers.replica(1).events()).containsExactly("borrow", "giveBack");
    }

    @Test
    void runsATransactionAndItsCommitOnThePrimary() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT v FROM t WHERE id = 1");
            statement.executeUpdate("UPDATE t SET v = 2 WHERE id = 1");
        }
        connection.commit();
        connection.setAutoCommit(true);
        // Autocommit goes back on with the next statement on that connection, not with a round trip of its own.
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM t");
        }
        assertThat(servers.ranOn("primary")).containsExactly("SET autocommit=0", "SELECT v FROM t WHERE id = 1",
                "UPDATE t SET v = 2 WHERE id = 1", "COMMIT", "SET autocommit=1", "DELETE FROM t");
        assertThat(servers.ranOn("replica1")).isEmpty();
    }

    @Test
    void replacesABrokenPrimaryConnectionForTheNextStatement() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            servers.primary().server().breakNext();
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM t")).isInstanceOf(SQLException.class);
            statement.executeUpdate("DELETE FROM t");
        }
        assertThat(servers.ranOn("primary")).containsExactly("DELETE FROM t");
        assertThat(servers.primary().events()).containsExactly("borrow", "discard", "evict", "borrow");
    }

    @Test
    void readsFromThePrimaryWhenNoReplicaCanLendAConnection() throws SQLException {
        servers.replica(1).refuse(new SQLException("refused", "08001"));
        servers.replica(2).refuse(new SQLException("refused", "08001"));
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1");
        }
        assertThat(servers.log()).containsExactly("primary: SELECT 1");
        assertThat(servers.health().reported()).containsExactly(servers.replica(1).endpoint(),
                servers.replica(2).endpoint());
    }

    @Test
    void givesTheAppAnSqlExceptionEvenForAnUncheckedFailure() {
        servers.replica(1).server().crashNext(new IllegalStateException("a bug below"));
        assertThatThrownBy(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 1");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("a bug below")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAWriteInReadOnlyModeBeforeBorrowingAnything() throws SQLException {
        connection.setReadOnly(true);
        try (Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM t")).isInstanceOf(SQLException.class)
                    .hasFieldOrPropertyWithValue("SQLState", "25006");
        }
        assertThat(servers.primary().events()).isEmpty();
    }
}
