package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Session state follows the logical connection to every backend it uses, and never leaks to another. */
class SessionStateIT {

    @AutoClose
    private static ReplicationCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("session-it").replicas(2).start();
        // A replica picked per statement: each read may open the other replica's connection, which must catch up.
        url = ClusterUrls.withCredentials(cluster, "session-it",
                "&rwsplit.poolMaxSize=2&rwsplit.rebalanceInterval=0");
        cluster.setUpAsRoot("CREATE DATABASE other",
                "CREATE TABLE other.marker (name VARCHAR(20))",
                "INSERT INTO other.marker VALUES ('other')",
                "GRANT SELECT ON other.* TO '" + cluster.app().user() + "'@'%'");
        cluster.setUp("CREATE TABLE marker (name VARCHAR(20))",
                "INSERT INTO marker VALUES ('app')",
                "CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)",
                "INSERT INTO counter VALUES (1, 0)",
                "CREATE TABLE written (id INT PRIMARY KEY)");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void replaysSetTimeZoneOnReplicaConnectionsOpenedAfterIt() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET time_zone = '+05:30'");
            }
            // Several reads: round-robin reaches both replicas, each opened after the SET.
            Set<String> servers = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                String row = query(connection, "SELECT @@session.time_zone, @@server_id");
                assertThat(row).startsWith("+05:30|");
                servers.add(row.substring(row.indexOf('|') + 1));
            }
            assertThat(servers).as("both replicas, opened after the SET").hasSize(2)
                    .doesNotContain(String.valueOf(cluster.primary().serverId()));
            assertThat(query(connection, "/* rwsplit:primary */ SELECT @@session.time_zone, 0"))
                    .isEqualTo("+05:30|0");
        }
    }

    @Test
    void replaysPreparedSetStatementsWithTheirParameters() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            try (PreparedStatement set = connection.prepareStatement("SET @greeting = ?")) {
                set.setString(1, "hello");
                set.execute();
            }
            for (int i = 0; i < 4; i++) {
                assertThat(query(connection, "SELECT @greeting, @@server_id")).startsWith("hello|")
                        .isNotEqualTo("hello|" + cluster.primary().serverId());
            }
        }
    }

    @Test
    void followsUseAndSetCatalogOnEveryBackend() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("USE other");
            }
            for (int i = 0; i < 4; i++) {
                assertThat(query(connection, "SELECT name, 1 FROM marker")).isEqualTo("other|1");
            }
            connection.setCatalog(cluster.schema());
            for (int i = 0; i < 4; i++) {
                assertThat(query(connection, "SELECT name, 1 FROM marker")).isEqualTo("app|1");
            }
        }
    }

    @Test
    void appliesIsolationToReplicaConnections() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            for (int i = 0; i < 4; i++) {
                assertThat(query(connection, "SELECT @@session.tx_isolation, 1")).isEqualTo("READ-COMMITTED|1");
            }
        }
    }

    @Test
    void givesEveryBackendTheAutocommitModeBeforeItsNextStatement() throws SQLException {
        String primary = String.valueOf(cluster.primary().serverId());
        try (Connection connection = DriverManager.getConnection(url)) {
            // Hold a connection to every backend first.
            query(connection, "SELECT @@autocommit, @@server_id");
            query(connection, "SELECT @@autocommit, @@server_id");
            assertThat(query(connection, "/* rwsplit:primary */ SELECT @@autocommit, 0")).isEqualTo("1|0");

            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            assertThat(query(connection, "SELECT @@autocommit, @@server_id")).startsWith("0|")
                    .isNotEqualTo("0|" + primary);
            connection.commit();
            connection.setAutoCommit(true);
            connection.setReadOnly(false);

            for (int i = 0; i < 4; i++) {
                assertThat(query(connection, "SELECT @@autocommit, @@server_id")).startsWith("1|");
            }
            assertThat(query(connection, "/* rwsplit:primary */ SELECT @@autocommit, 0")).isEqualTo("1|0");
        }
    }

    @Test
    void readsAfterOwnWritesSeeThemOnTheReplicaAReadOnlyTransactionUsed() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            query(connection, "SELECT @@autocommit, @@server_id");
            query(connection, "SELECT @@autocommit, @@server_id");
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            query(connection, "SELECT COUNT(*), MAX(id) FROM written");
            connection.commit();
            connection.setAutoCommit(true);
            connection.setReadOnly(false);

            // Each read follows a write, so read-your-writes picks the replica; both replicas take turns. A replica
            // left in autocommit=0 by the transaction would keep its first snapshot and miss every later row.
            for (int i = 1; i <= 6; i++) {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO written VALUES (" + i + ")");
                }
                assertThat(query(connection, "SELECT COUNT(*), MAX(id) FROM written")).isEqualTo(i + "|" + i);
            }
        }
    }

    @Test
    void commitsTheOpenTransactionWhenAutocommitIsSwitchedBackOn() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            query(connection, "SELECT 1, 2");
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE counter SET n = n + 1 WHERE id = 1");
            }
            connection.setAutoCommit(true);
        }
        try (Connection primary = cluster.connect(cluster.primary())) {
            assertThat(query(primary, "SELECT n, id FROM counter")).isEqualTo("1|1");
        }
    }

    @Test
    void returnsPhysicalConnectionsCleanToThePools() throws SQLException {
        try (Connection dirty = DriverManager.getConnection(url)) {
            try (Statement statement = dirty.createStatement()) {
                statement.execute("SET time_zone = '-03:00'");
                statement.execute("SET @left_behind = 42");
            }
            query(dirty, "SELECT 1, 2");
            query(dirty, "SELECT 1, 2");
        }
        // Pools hold at most two connections per backend here, so the next connections reuse the same sessions.
        for (int i = 0; i < 3; i++) {
            try (Connection clean = DriverManager.getConnection(url)) {
                for (int j = 0; j < 4; j++) {
                    assertThat(query(clean, "SELECT @@session.time_zone, IFNULL(@left_behind, 'none')"))
                            .isEqualTo("SYSTEM|none");
                }
            }
        }
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1) + "|" + rows.getString(2);
        }
    }
}
