package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full pool fails with a clear timeout error; a connection the server closed is never lent again. Plain splitting
 * (no read-your-writes), so that a write is the only statement sent on the connection under test.
 */
class PoolFaultsIT {

    @AutoClose
    private static ReplicationCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("pool-faults-it").replicas(1).start();
        url = ClusterUrls.withCredentials(cluster, "pool-faults-it",
                "&rwsplit.poolMaxSize=2&rwsplit.poolConnectionTimeout=500&rwsplit.readYourWrites=off");
        cluster.setUp("CREATE TABLE t (id INT PRIMARY KEY)");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    @SuppressWarnings("try") // closes the first connection early on purpose
    void aFullPoolGivesATimeoutErrorNamingTheSetting() throws Exception {
        try (Connection first = DriverManager.getConnection(url);
             Connection second = DriverManager.getConnection(url);
             Connection third = DriverManager.getConnection(url)) {
            // Each transaction holds a primary connection until it ends.
            for (Connection holder : new Connection[] {first, second}) {
                holder.setAutoCommit(false);
                holder.createStatement().executeQuery("SELECT COUNT(*) FROM t").close();
            }
            long started = System.nanoTime();
            SQLTimeoutException error = catchThrowableOfType(SQLTimeoutException.class,
                    () -> third.createStatement().executeUpdate("INSERT INTO t VALUES (1)"));
            long waited = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("full pool: %s after %d ms%n", error, waited);
            assertThat(error.getSQLState()).isEqualTo("HYT00");
            assertThat(error.getMessage()).contains("primary " + cluster.primary().hostAndPort())
                    .contains("rwsplit.poolMaxSize").contains("all 2 connections");
            assertThat(waited).isGreaterThanOrEqualTo(500);
            // A logical connection keeps its physical ones until it closes.
            first.close();
            assertThat(third.createStatement().executeUpdate("INSERT INTO t VALUES (1)")).isEqualTo(1);
        }
    }

    @Test
    void aConnectionTheServerKilledIsNeverLentAgain() throws Exception {
        long killedId = primaryConnectionId();
        try (Connection root = cluster.connectAsRoot(cluster.primary()); Statement statement = root.createStatement()) {
            statement.execute("KILL CONNECTION " + killedId);
        }
        // Used moments ago, so the pool lends it unchecked and the write fails with Connector/J's error; had it
        // checked the connection first, the write would succeed on another one.
        SQLException error = catchThrowableOfType(SQLException.class, () -> write(2));
        System.out.println("write on a connection the server killed: " + error);
        if (error != null) {
            assertThat(error.getSQLState()).startsWith("08");
        }
        long next = primaryConnectionId();
        assertThat(next).isNotEqualTo(killedId);
        write(3);
    }

    private static long primaryConnectionId() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("/* rwsplit:primary */ SELECT CONNECTION_ID()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void write(int id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO t VALUES (" + id + ")");
        }
    }
}
