package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An optimistic transaction's reads replayed on the primary in one round trip, as one UNION ALL, at its first write:
 * counted in the primary's general log, and held to the same answers as one statement each.
 */
class CombinedReplayIT {

    private static final AtomicInteger MARKS = new AtomicInteger();
    private static final String BY_ID = "SELECT /* %s */ id, qty, label FROM item WHERE id = ?";
    private static final String BY_GROUP = "SELECT /* %s */ id FROM item WHERE grp = ?";
    @AutoClose
    private static ReplicationCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("combined-it").replicas(2).generalLog(true).start();
        url = ClusterUrls.withCredentials(cluster, "combined-it", "&rwsplit.optimisticTransactions=true"
                + "&rwsplit.maxReplicaLag=30s&rwsplit.readYourWrites=off");
        cluster.setUp("CREATE TABLE item (id INT PRIMARY KEY, grp INT, qty DECIMAL(8,2), label VARCHAR(20))",
                "INSERT INTO item VALUES (1, 1, 1.50, 'one'), (2, 1, 2.00, NULL), (3, 2, 3.25, 'three')",
                "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40))");
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
    }

    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @BeforeEach
    void replicasServing() throws Exception {
        awaitServing();
    }

    @AfterEach
    void undelay() {
        for (ClusterNode replica : cluster.replicas()) {
            cluster.setDelay(replica, 0);
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(15));
    }

    @Test
    void replaysAnOrmsReadsInOneStatementAndCommits() throws Exception {
        String mark = mark();
        String write = mark();
        List<String> read;
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            read = readById(connection, mark, 1, 2, 3, 2, 1);
            assertThat(insert(connection, write)).isNull();
        }
        assertThat(read).containsExactly("1 1.50 one", "2 2.00 null", "3 3.25 three", "2 2.00 null", "1 1.50 one");
        assertThat(cluster.statementsSeen(cluster.primary(), mark)).as("five reads replayed as one statement")
                .isEqualTo(1);
        assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + write + "'")).isEqualTo(1);
    }

    /** The same with statements the server prepares: their rows come in its binary protocol, the union's too. */
    @Test
    void replaysServerPreparedReadsInOneStatement() throws Exception {
        String mark = mark();
        String write = mark();
        try (Connection connection = DriverManager.getConnection(url + "&useServerPrepStmts=true")) {
            connection.setAutoCommit(false);
            assertThat(readById(connection, mark, 2, 1)).containsExactly("2 2.00 null", "1 1.50 one");
            assertThat(insert(connection, write)).isNull();
        }
        assertThat(cluster.statementsSeen(cluster.primary(), mark)).as("two reads replayed as one statement")
                .isEqualTo(1);
    }

    /** Reads of plain statements go together too, unless their text holds a '?' the union would take for a value. */
    @Test
    void replaysPlainStatementsTogetherUnlessTheirTextHoldsAQuestionMark() throws Exception {
        String together = mark();
        String apart = mark();
        String write = mark();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int id = 1; id <= 3; id++) {
                statement.executeQuery("SELECT /* " + together + " */ id, qty, label FROM item WHERE id = " + id)
                        .close();
            }
            statement.executeQuery("SELECT /* " + apart + " */ id, qty, label FROM item WHERE label <> '?'").close();
            statement.executeQuery("SELECT /* " + apart + " */ id, qty, label FROM item WHERE id = 2").close();
            assertThat(insert(connection, write)).isNull();
        }
        assertThat(cluster.statementsSeen(cluster.primary(), together)).as("three reads in one statement").isEqualTo(1);
        assertThat(cluster.statementsSeen(cluster.primary(), apart)).as("a '?' in the text: one by one").isEqualTo(2);
    }

    @Test
    void aRowThatChangedOnThePrimaryStillRollsBackWith40001() throws Exception {
        delayReplicas();
        onPrimaryUpdate("UPDATE item SET qty = 9.99 WHERE id = 3");
        String mark = mark();
        String write = mark();
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            assertThat(readById(connection, mark, 1, 3, 2)).contains("3 3.25 three");
            assertThat(insert(connection, write)).isEqualTo("40001");
        }
        assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + write + "'")).isZero();
        onPrimaryUpdate("UPDATE item SET qty = 3.25 WHERE id = 3");
    }

    /**
     * Row 2 moved from group 1 to group 2 on the primary: the two reads return the same rows in a row (1, 2 and 3) on
     * both servers, split differently. The union's part numbers tell them apart.
     */
    @Test
    void aRowThatMovedBetweenTwoReadsIsADifference() throws Exception {
        delayReplicas();
        onPrimaryUpdate("UPDATE item SET grp = 2 WHERE id = 2");
        String mark = mark();
        String write = mark();
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            List<Integer> ids = new ArrayList<>();
            try (PreparedStatement byGroup = connection.prepareStatement(BY_GROUP.formatted(mark))) {
                for (int group : new int[] {1, 2}) {
                    byGroup.setInt(1, group);
                    try (ResultSet rows = byGroup.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getInt(1));
                        }
                    }
                }
            }
            assertThat(ids).as("the replica's rows: 1, 2 in group 1; 3 in group 2").containsExactly(1, 2, 3);
            assertThat(insert(connection, write)).isEqualTo("40001");
        }
        assertThat(onPrimary("SELECT COUNT(*) FROM orders WHERE note = '" + write + "'")).isZero();
        onPrimaryUpdate("UPDATE item SET grp = 1 WHERE id = 2");
    }

    /**
     * Reads a union cannot hold to the same answers run one by one, and the move succeeds: columns of other types, and
     * an order of their own, which a union's part need not keep.
     */
    @Test
    void readsOfOtherColumnTypesOrWithAnOrderAreReplayedOneByOne() throws Exception {
        String mark = mark();
        String write = mark();
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            readById(connection, mark, 1);
            readFirst(connection, "SELECT /* " + mark + " */ label, id FROM item WHERE id = ?", 3);
            readById(connection, mark, 2);
            readFirst(connection, "SELECT /* " + mark + " */ id, qty, label FROM item WHERE id >= ? ORDER BY qty DESC",
                    1);
            readFirst(connection, "SELECT /* " + mark + " */ id, qty, label FROM item WHERE id >= ? ORDER BY qty DESC",
                    2);
            assertThat(insert(connection, write)).isNull();
        }
        assertThat(cluster.statementsSeen(cluster.primary(), mark)).as("five reads, five statements").isEqualTo(5);
    }

    private static void readFirst(Connection connection, String sql, int parameter) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(sql)) {
            read.setInt(1, parameter);
            try (ResultSet rows = read.executeQuery()) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    private static List<String> readById(Connection connection, String mark, int... ids) throws SQLException {
        List<String> read = new ArrayList<>();
        try (PreparedStatement byId = connection.prepareStatement(BY_ID.formatted(mark))) {
            for (int id : ids) {
                byId.setInt(1, id);
                try (ResultSet rows = byId.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    read.add(rows.getInt(1) + " " + rows.getBigDecimal(2) + " " + rows.getString(3));
                }
            }
        }
        return read;
    }

    /** The transaction's first write, then its commit: null when it committed, else the SQLState it ended with. */
    private static String insert(Connection connection, String note) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO orders (note) VALUES ('" + note + "')");
            connection.commit();
            return null;
        } catch (SQLTransactionRollbackException e) {
            connection.rollback();
            return e.getSQLState();
        }
    }

    /** The replicas apply what follows 3 s late: until then they show the rows as they were. */
    private static void delayReplicas() throws Exception {
        for (ClusterNode replica : cluster.replicas()) {
            cluster.setDelay(replica, 3);
        }
        awaitServing();
    }

    private static void awaitServing() throws Exception {
        try (Connection connection = DriverManager.getConnection(url)) {
            TopologyChecks.awaitServing(connection, 2);
        }
    }

    private static void onPrimaryUpdate(String sql) throws SQLException {
        try (Connection primary = cluster.connect(cluster.primary()); Statement statement = primary.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static int onPrimary(String sql) throws SQLException {
        try (Connection primary = cluster.connect(cluster.primary()); Statement statement = primary.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static String mark() {
        return "combmark" + MARKS.incrementAndGet() + "x";
    }
}
