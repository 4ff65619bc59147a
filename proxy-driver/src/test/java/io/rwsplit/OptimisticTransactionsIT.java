package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.cluster.TransactionStatistics.Mismatch;
import io.rwsplit.jdbc.RoutingConnection;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions as ORMs run them (autocommit off, never declared read-only) with rwsplit.optimisticTransactions: where
 * each statement ran is proven by each server's general log.
 */
class OptimisticTransactionsIT {

    private static final AtomicInteger MARKS = new AtomicInteger();
    @AutoClose
    private static ReplicationCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("optimistic-it").replicas(2).generalLog(true).start();
        // Lag up to a few seconds keeps the replicas serving: the stale-read test delays them on purpose.
        url = ClusterUrls.withCredentials(cluster, "optimistic-it", "&rwsplit.optimisticTransactions=true"
                + "&rwsplit.maxReplicaLag=30s&rwsplit.readYourWrites=off");
        cluster.setUp("CREATE TABLE stock (id INT PRIMARY KEY, qty INT)", "INSERT INTO stock VALUES (1, 10), (2, 10), (3, 10)",
                "CREATE TABLE shelf (id INT PRIMARY KEY, qty INT)", "INSERT INTO shelf VALUES (1, 5), (2, 5), (3, 5)",
                "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, item INT, note VARCHAR(40))");
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    /** Each test starts once the monitor lets both replicas serve (the first one right after the cluster starts). */
    @BeforeEach
    void replicasServing() throws Exception {
        try (Connection connection = DriverManager.getConnection(url)) {
            TopologyChecks.awaitServing(connection, 2);
        }
    }

    @Test
    void runsATransactionThatOnlyReadsOnAReplica() throws SQLException {
        String mark = mark();
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            assertThat(queryInt(connection, "SELECT /* " + mark + " */ qty FROM stock WHERE id = 3")).isEqualTo(10);
            connection.commit();
        }
        assertThat(ranOn(mark)).containsExactly("replica");
    }

    @Test
    void replaysReadsOnThePrimaryAtTheFirstWriteAndCommitsThere() throws Exception {
        String read = mark();
        String write = mark();
        long promotionsBefore = shared().transactionStatistics().promotions();
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            int qty = queryInt(connection, "SELECT /* " + read + " */ qty FROM stock WHERE id = 1");
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE /* " + write + " */ stock SET qty = " + (qty - 1) + " WHERE id = 1");
                statement.executeUpdate("INSERT INTO orders (item, note) VALUES (1, '" + write + "')");
            }
            connection.commit();
        }
        assertThat(ranOn(read)).as("the read ran on a replica, then again on the primary")
                .containsExactly("primary", "replica");
        assertThat(ranOn(write)).containsExactly("primary");
        assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + write + "'")).isEqualTo(1);
        assertThat(shared().transactionStatistics().promotions()).isEqualTo(promotionsBefore + 1);
    }

    @Test
    void anExplicitBeginStartsOnAReplicaAndMovesToThePrimaryAtItsFirstWrite() throws Exception {
        String readOnly = mark();
        String read = mark();
        String write = mark();
        String rolledBack = mark();
        readBetween("BEGIN", readOnly);
        try (Connection connection = DriverManager.getConnection(url);
             Statement control = connection.createStatement()) {
            control.execute("START TRANSACTION");
            queryInt(connection, "SELECT /* " + read + " */ qty FROM stock WHERE id = 3");
            control.executeUpdate("INSERT INTO orders (item, note) VALUES (3, '" + write + "')");
            control.execute("COMMIT");

            // A write first: the BEGIN it follows is replayed on the primary, so the ROLLBACK takes the write back.
            control.execute("BEGIN");
            control.executeUpdate("INSERT INTO orders (item, note) VALUES (3, '" + rolledBack + "')");
            assertThat(queryInt(connection, "SELECT COUNT(*) FROM orders WHERE note = '" + rolledBack + "'"))
                    .as("the transaction sees its own write").isEqualTo(1);
            control.execute("ROLLBACK");
        }
        assertThat(ranOn(readOnly)).as("a transaction that only reads").containsExactly("replica");
        assertThat(ranOn(read)).as("the read ran on a replica, then again on the primary")
                .containsExactly("primary", "replica");
        assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + write + "'")).isEqualTo(1);
        assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + rolledBack + "'"))
                .as("rolled back as one transaction").isZero();
    }

    @Test
    void startTransactionReadWriteRunsOnThePrimaryFromItsStart() throws Exception {
        String read = mark();
        readBetween("START TRANSACTION READ WRITE", read);
        assertThat(ranOn(read)).containsExactly("primary");
    }

    /** One marked read in a transaction begun and ended by statements. */
    private static void readBetween(String begin, String mark) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement control = connection.createStatement()) {
            control.execute(begin);
            queryInt(connection, "SELECT /* " + mark + " */ qty FROM stock WHERE id = 3");
            control.execute("COMMIT");
        }
    }

    @Test
    void rollsBackWith40001WhenARowItReadChangedOnThePrimaryAndWritesNothing() throws Exception {
        String read = mark();
        String write = mark();
        for (ClusterNode replica : cluster.replicas()) {
            cluster.setDelay(replica, 3);
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            // The replicas apply this 3 s late: until then they still show qty = 10.
            try (Connection primary = cluster.connect(cluster.primary()); Statement change = primary.createStatement()) {
                change.executeUpdate("UPDATE stock SET qty = 7 WHERE id = 2");
            }
            connection.setAutoCommit(false);
            int qty = queryInt(connection, "SELECT /* " + read + " */ qty FROM stock WHERE id = 2");
            assertThat(qty).as("the replica's stale value").isEqualTo(10);
            SQLException error = catchThrowableOfType(SQLException.class, () -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("UPDATE /* " + write + " */ stock SET qty = " + (qty - 1)
                            + " WHERE id = 2");
                }
            });
            System.out.printf("stale read, then a write: %s (SQLState %s): %s%n", error.getClass().getSimpleName(),
                    error.getSQLState(), error.getMessage());
            assertThat((Throwable) error).isInstanceOf(SQLTransactionRollbackException.class);
            assertThat(error.getSQLState()).isEqualTo("40001");
            connection.rollback();
            assertThat(ranOn(write)).as("the write was never sent").isEmpty();
            assertThat(onPrimary("SELECT qty FROM stock WHERE id = 2")).isEqualTo(7);
            assertThat(shared().transactionStatistics().mismatches(Mismatch.RESULT_DIFFERED)).isPositive();

            // The connection is usable: the retried transaction reads the current value on the primary's replay.
            for (ClusterNode replica : cluster.replicas()) {
                cluster.setDelay(replica, 0);
            }
            cluster.awaitCaughtUp(Duration.ofSeconds(15));
            int now = queryInt(connection, "SELECT qty FROM stock WHERE id = 2");
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE stock SET qty = " + (now - 1) + " WHERE id = 2");
            }
            connection.commit();
        } finally {
            for (ClusterNode replica : cluster.replicas()) {
                cluster.setDelay(replica, 0);
            }
        }
        assertThat(onPrimary("SELECT qty FROM stock WHERE id = 2")).isEqualTo(6);
    }

    @Test
    void rollsBackWith40001WhenTheJournalPassesItsLimitAndNeverGivesAWrongResult() throws Exception {
        String write = mark();
        try (Connection connection = DriverManager.getConnection(url + "&rwsplit.transactionJournalLimit=300")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 5; i++) {
                queryInt(connection, "SELECT qty FROM stock WHERE id = 1 AND " + i + " = " + i);
            }
            SQLException error = catchThrowableOfType(SQLException.class, () -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO orders (item, note) VALUES (1, '" + write + "')");
                }
            });
            assertThat((Throwable) error).isInstanceOf(SQLTransactionRollbackException.class)
                    .hasMessageContaining("rwsplit.transactionJournalLimit=300");
            connection.rollback();
        }
        assertThat(ranOn(write)).isEmpty();
        assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + write + "'")).isZero();
    }

    /**
     * A replay compares what the app read and no more: the rows its cursor went over, and the end of the result when
     * it went past it. The same for a result Connector/J holds whole (its default, read by the app without a wrapper)
     * and for one it streams (read through a watch).
     */
    @Test
    void aReplayComparesTheRowsTheAppReadAndTheEndWhenItReachedIt() throws Exception {
        for (ClusterNode replica : cluster.replicas()) {
            cluster.setDelay(replica, 3);
        }
        try {
            // The replicas apply these 3 s late: until then row 3 is 5 there and row 4 missing.
            try (Connection primary = cluster.connect(cluster.primary());
                 Statement change = primary.createStatement()) {
                change.executeUpdate("UPDATE shelf SET qty = 6 WHERE id = 3");
                change.executeUpdate("INSERT INTO shelf VALUES (4, 5)");
            }
            String all = "SELECT id, qty FROM shelf ORDER BY id";
            for (int fetchSize : new int[] {0, Integer.MIN_VALUE}) {
                String how = fetchSize == 0 ? "held" : "streamed";
                assertThat(readThenWrite(all, fetchSize, 1)).as(how + ", the first row read").isNull();
                assertThat(readThenWrite(all, fetchSize, 2)).as(how + ", two rows read").isNull();
                assertThat(readThenWrite(all, fetchSize, Integer.MAX_VALUE)).as(how + ", read to its end")
                        .isEqualTo("40001");
                assertThat(readThenWrite("SELECT id, qty FROM shelf WHERE id = 4", fetchSize, Integer.MAX_VALUE))
                        .as(how + ", empty on the replica").isEqualTo("40001");
            }
        } finally {
            for (ClusterNode replica : cluster.replicas()) {
                cluster.setDelay(replica, 0);
            }
        }
    }

    /**
     * An optimistic transaction: a query read {@code rows} rows far (or to its end), then a write.
     *
     * @return null when it committed, with its read on a replica and then on the primary and its write there; else the
     *         SQLState it was rolled back with, and then nothing of it was written
     */
    private static String readThenWrite(String query, int fetchSize, int rows) throws SQLException {
        String read = mark();
        String write = mark();
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(fetchSize);
                try (ResultSet results = statement.executeQuery(query.replace("SELECT", "SELECT /* " + read
                        + " */"))) {
                    for (int i = 0; i < rows && results.next(); i++) {
                        results.getInt(2);
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO orders (item, note) VALUES (4, '" + write + "')");
                connection.commit();
            } catch (SQLTransactionRollbackException e) {
                connection.rollback();
                assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + write + "'")).isZero();
                return e.getSQLState();
            }
        }
        assertThat(ranOn(read)).containsExactly("primary", "replica");
        assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + write + "'")).isEqualTo(1);
        return null;
    }

    /** Rows too many to hold within the journal's limit are checked as the app reads them: the replay still runs. */
    @Test
    void aResultLargerThanTheJournalLimitIsWatchedAndTheTransactionStaysReplayable() throws Exception {
        String read = mark();
        String write = mark();
        try (Connection connection = DriverManager.getConnection(url + "&rwsplit.transactionJournalLimit=2000")) {
            connection.setAutoCommit(false);
            int rows = 0;
            try (Statement statement = connection.createStatement();
                 ResultSet results = statement.executeQuery("SELECT /* " + read + " */ s.id, REPEAT('x', 1000)"
                         + " FROM shelf s, stock t ORDER BY s.id, t.id")) {
                while (results.next()) {
                    rows++;
                }
            }
            assertThat(rows).as("about 9 KB of rows").isGreaterThanOrEqualTo(9);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO orders (item, note) VALUES (5, '" + write + "')");
            }
            connection.commit();
        }
        assertThat(ranOn(read)).as("read on a replica, replayed on the primary").containsExactly("primary", "replica");
        assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + write + "'")).isEqualTo(1);
    }

    @Test
    void aTransactionRightAfterItsConnectionsWriteSeesItAndStartsOnAReplicaOnceThatHasIt() throws Exception {
        int onReplica = 0;
        try (Connection connection = DriverManager.getConnection(url.replace("rwsplit.readYourWrites=off",
                "rwsplit.readYourWrites=gtid"))) {
            for (int i = 0; i < 20; i++) {
                String note = mark();
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO orders (item, note) VALUES (2, '" + note + "')");
                }
                String read = mark();
                connection.setAutoCommit(false);
                assertThat(queryInt(connection, "SELECT /* " + read + " */ COUNT(*) FROM orders WHERE note = '"
                        + note + "'")).as("the transaction sees the write before it").isEqualTo(1);
                connection.commit();
                connection.setAutoCommit(true);
                Set<String> roles = ranOn(read);
                assertThat(roles).hasSize(1);
                if (roles.contains("replica")) {
                    onReplica++;
                }
            }
        }
        System.out.printf("transactions right after their connection's write, gtid: %d of 20 on a replica%n",
                onReplica);
        // It waits a little for the catch-up watcher rather than start on the primary: all its reads stay where it
        // starts.
        assertThat(onReplica).as("transactions started on a replica").isGreaterThanOrEqualTo(15);
    }

    private static int queryInt(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getInt(1);
        }
    }

    private static int onPrimary(String sql) throws SQLException {
        try (Connection primary = cluster.connect(cluster.primary())) {
            return queryInt(primary, sql);
        }
    }

    private static Cluster shared() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            return connection.unwrap(RoutingConnection.class).cluster();
        }
    }

    private static String mark() {
        return "optmark" + MARKS.incrementAndGet() + "x";
    }

    private static Set<String> ranOn(String marker) {
        return cluster.rolesThatRan(marker);
    }
}
