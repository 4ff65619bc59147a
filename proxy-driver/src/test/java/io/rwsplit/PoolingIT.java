package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rwsplit.cluster.Backend;
import io.rwsplit.cluster.Cluster;
import io.rwsplit.jdbc.RoutingConnection;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The driver behind HikariCP and DriverManager, and no physical connection leaked. */
class PoolingIT {

    @AutoClose
    private static ReplicationCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("pooling-it").replicas(2).start();
        // Reads right after a write wait for their replica, so that every read below lands on one (the default
        // would send the first ones to the primary until a replica is known to have the write).
        url = ClusterUrls.withoutCredentials(cluster, "pooling-it", "&rwsplit.readYourWrites=gtid-wait");
        cluster.setUp("CREATE TABLE kv (k INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE PROCEDURE begin_transaction() START TRANSACTION");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void worksBehindHikariCpWithOnlyTheUrlChanged() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(cluster.app().user());
        config.setPassword(cluster.app().password());
        config.setMaximumPoolSize(4);
        config.setPoolName("app-pool");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO kv VALUES (1, 'hikari')");
            }
            cluster.awaitCaughtUp(Duration.ofSeconds(10));
            Set<Integer> servers = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT v, @@server_id FROM kv WHERE k = 1")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("hikari");
                    servers.add(rows.getInt(2));
                    assertThat(connection.isWrapperFor(RoutingConnection.class)).isTrue();
                }
            }
            assertThat(servers).isNotEmpty().doesNotContain(cluster.primary().serverId());
        }
    }

    @Test
    void namesEachPoolAfterItsClusterRoleAndServer() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, cluster.app().user(), cluster.app().password())) {
            Cluster pools = connection.unwrap(RoutingConnection.class).cluster();
            assertThat(pools.primary().poolName()).isEqualTo("pooling-it primary " + cluster.primary().hostAndPort());
            assertThat(pools.replicas()).extracting(Backend::poolName).containsExactly(
                    "pooling-it replica " + cluster.replica(0).hostAndPort(),
                    "pooling-it replica " + cluster.replica(1).hostAndPort());
        }
    }

    @Test
    void worksThroughDriverManagerWithPropertiesInsteadOfUrlParameters() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, cluster.app().user(), cluster.app().password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@server_id")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isNotEqualTo(cluster.primary().serverId());
            assertThat(connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class)).isNotNull();
        }
    }

    @Test
    void aBeginLeftOpenAtCloseIsRolledBackBeforeTheNextBorrowerGetsItsConnection() throws SQLException {
        // One connection per pool: the next logical connection is lent the same physical one.
        String single = url + "&rwsplit.poolMaxSize=1";
        runAndClose(single, "BEGIN", "INSERT INTO kv VALUES (100, 'abandoned')");
        runAndClose(single, "INSERT INTO kv VALUES (101, 'acknowledged')");
        // Left open, the BEGIN would have taken the acknowledged insert into its transaction, never committed.
        assertThat(keysOnThePrimary("100, 101")).isEqualTo("101");
    }

    /**
     * Transactions the driver cannot see begin: a BEGIN inside a batch, and one inside a stored procedure. The server
     * says a transaction is open in its answer to every statement, and closing the connection rolls it back.
     */
    @Test
    void aTransactionBegunWhereTheDriverCannotSeeItIsRolledBackAtClose() throws SQLException {
        String single = url + "&rwsplit.poolMaxSize=1";
        try (Connection connection = DriverManager.getConnection(single, cluster.app().user(),
                cluster.app().password()); Statement statement = connection.createStatement()) {
            statement.addBatch("BEGIN");
            statement.addBatch("INSERT INTO kv VALUES (120, 'abandoned')");
            statement.executeBatch();
        }
        runAndClose(single, "INSERT INTO kv VALUES (121, 'acknowledged')");
        runAndClose(single, "CALL begin_transaction()", "INSERT INTO kv VALUES (122, 'abandoned')");
        runAndClose(single, "INSERT INTO kv VALUES (123, 'acknowledged')");
        assertThat(keysOnThePrimary("120, 121, 122, 123")).isEqualTo("121,123");
    }

    /**
     * A transaction begun where the driver cannot see it: the primary says it is open, so the session's reads stay in
     * it, on the primary, and see its uncommitted writes, until COMMIT ends it.
     */
    @Test
    void aTransactionBegunWhereTheDriverCannotSeeItKeepsTheSessionsReadsInIt() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, cluster.app().user(), cluster.app().password());
             Statement statement = connection.createStatement()) {
            statement.execute("CALL begin_transaction()");
            statement.executeUpdate("INSERT INTO kv VALUES (130, 'uncommitted')");
            assertThat(count(statement, "SELECT COUNT(*) FROM kv WHERE k = 130"))
                    .as("read in the transaction, on the primary").isOne();
            statement.execute("COMMIT");

            statement.addBatch("BEGIN");
            statement.addBatch("INSERT INTO kv VALUES (131, 'uncommitted')");
            statement.executeBatch();
            assertThat(count(statement, "SELECT COUNT(*) FROM kv WHERE k = 131"))
                    .as("read in the transaction, on the primary").isOne();
            statement.execute("ROLLBACK");
        }
        assertThat(keysOnThePrimary("130, 131")).isEqualTo("130");
    }

    /** DDL commits the open transaction: the session's reads are free to leave the primary again. */
    @Test
    void ddlEndsATransactionBegunWithBegin() throws SQLException {
        int primaryId;
        try (Connection primary = cluster.connect(cluster.primary()); Statement statement = primary.createStatement()) {
            primaryId = count(statement, "SELECT @@server_id");
        }
        try (Connection connection = DriverManager.getConnection(url, cluster.app().user(), cluster.app().password());
             Statement statement = connection.createStatement()) {
            statement.execute("BEGIN");
            statement.executeUpdate("INSERT INTO kv VALUES (140, 'committed by the DDL')");
            statement.execute("CREATE TABLE IF NOT EXISTS ddl_commits (id INT)");
            assertThat(count(statement, "SELECT @@server_id")).as("a read after the DDL, on a replica")
                    .isNotEqualTo(primaryId);
            assertThat(count(statement, "SELECT COUNT(*) FROM kv WHERE k = 140")).as("it sees the write").isOne();
            statement.execute("ROLLBACK");
        }
        assertThat(keysOnThePrimary("140")).as("committed by the DDL, not rolled back").isEqualTo("140");
    }

    private static int count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void commitAndChainKeepsTheSessionInTheTransactionItBegins() throws SQLException {
        String single = url + "&rwsplit.poolMaxSize=1";
        runAndClose(single, "BEGIN", "INSERT INTO kv VALUES (110, 'committed')", "COMMIT AND CHAIN",
                "INSERT INTO kv VALUES (111, 'chained')");
        runAndClose(single, "INSERT INTO kv VALUES (112, 'acknowledged')");
        assertThat(keysOnThePrimary("110, 111, 112")).isEqualTo("110,112");
    }

    @Test
    void anOptimisticBeginLeftOpenOnAReplicaLeavesNoOldSnapshotForTheNextBorrower() throws Exception {
        // One replica with one connection: every read below is lent the same physical connection.
        String oneReplica = "jdbc:rwsplit:mysql://" + cluster.primary().hostAndPort() + ","
                + cluster.replica(0).hostAndPort() + "/" + cluster.schema() + "?rwsplit.clusterName=pooling-it-single"
                + "&rwsplit.pollInterval=100&rwsplit.poolMaxSize=1&rwsplit.optimisticTransactions=true"
                + "&rwsplit.monitorUser=" + cluster.monitor().user()
                + "&rwsplit.monitorPassword=" + cluster.monitor().password();
        try (Connection first = DriverManager.getConnection(oneReplica, cluster.app().user(), cluster.app().password())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (RwSplit.status(first).replicas().stream().noneMatch(r -> r.serving())) {
                assertThat(System.nanoTime()).as("the replica serves within 15 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        try (Connection abandoned = DriverManager.getConnection(oneReplica, cluster.app().user(),
                cluster.app().password()); Statement statement = abandoned.createStatement()) {
            statement.execute("BEGIN");
            // Its snapshot is taken here, on the replica, before row 102 exists.
            statement.executeQuery("SELECT COUNT(*) FROM kv").close();
            assertThat(abandoned.unwrap(RoutingConnection.class).lastBackend().toString())
                    .isEqualTo(cluster.replica(0).hostAndPort());
        }
        try (Connection primary = cluster.connect(cluster.primary()); Statement insert = primary.createStatement()) {
            insert.executeUpdate("INSERT INTO kv VALUES (102, 'new')");
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
        try (Connection next = DriverManager.getConnection(oneReplica, cluster.app().user(), cluster.app().password());
             Statement statement = next.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM kv WHERE k = 102")) {
            rows.next();
            assertThat(next.unwrap(RoutingConnection.class).lastBackend().toString())
                    .isEqualTo(cluster.replica(0).hostAndPort());
            assertThat(rows.getInt(1)).as("the row, read on the replica after it had applied it").isOne();
        }
    }

    /** Runs the statements on a new logical connection, then closes it: no commit unless they say so. */
    private static void runAndClose(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, cluster.app().user(), cluster.app().password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String keysOnThePrimary(String keys) throws SQLException {
        try (Connection primary = cluster.connect(cluster.primary()); Statement statement = primary.createStatement();
             ResultSet rows = statement.executeQuery("SELECT GROUP_CONCAT(k ORDER BY k) FROM kv WHERE k IN (" + keys
                     + ")")) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void leaksNoPhysicalConnectionOverTenThousandLogicalConnections() throws SQLException {
        String user = cluster.app().user();
        String password = cluster.app().password();
        RoutingConnection any = null;
        for (int i = 0; i < 10_000; i++) {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                if (i % 3 == 0) {
                    try (Statement statement = connection.createStatement();
                         ResultSet rows = statement.executeQuery("SELECT " + i)) {
                        rows.next();
                    }
                } else if (i % 3 == 1) {
                    connection.setAutoCommit(false);
                    try (Statement statement = connection.createStatement()) {
                        statement.executeQuery("SELECT k FROM kv LIMIT 1").close();
                    }
                    connection.rollback();
                }
                any = connection.unwrap(RoutingConnection.class);
            }
        }
        Cluster shared = any.cluster();
        for (Backend backend : shared.replicas()) {
            assertThat(backend.activeConnections()).as(backend.toString()).isZero();
            assertThat(backend.totalConnections()).as(backend.toString()).isLessThanOrEqualTo(10);
        }
        assertThat(shared.primary().activeConnections()).isZero();
        assertThat(shared.primary().totalConnections()).isLessThanOrEqualTo(10);
    }
}
