package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.testkit.ReplicationCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every routing rule, proven by which server's general log recorded the statement. */
class RoutingRulesIT {

    @AutoClose
    private static ReplicationCluster cluster;
    private static String url;
    private static final AtomicInteger MARKS = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("routing-it").replicas(2).generalLog(true).start();
        // gtid-wait: a read right after a write still goes to a replica, so each rule shows on its own.
        url = ClusterUrls.withCredentials(cluster, "routing-it", "&allowMultiQueries=true&allowLoadLocalInfile=true"
                + "&rwsplit.readYourWrites=gtid-wait");
        cluster.setUp("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40))",
                "INSERT INTO items VALUES (1, 'one'), (2, 'two')",
                "CREATE PROCEDURE count_items() SELECT COUNT(*) FROM items", "CREATE SEQUENCE item_ids");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    private static String mark() {
        return "rwmark" + MARKS.incrementAndGet() + "x";
    }

    private static Set<String> ranOn(String marker) {
        return cluster.rolesThatRan(marker);
    }

    private static Set<String> run(Connection connection, String sqlWithMark) throws SQLException {
        String marker = mark();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sqlWithMark.replace("MARK", marker));
        }
        return ranOn(marker);
    }

    @Test
    void sendsAutocommitSelectsToAReplica() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(run(connection, "SELECT /* MARK */ name FROM items WHERE id = 1")).containsExactly("replica");
        }
    }

    @Test
    void sendsWritesAndDdlToThePrimary() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(run(connection, "INSERT /* MARK */ INTO items VALUES (100, 'x')")).containsExactly("primary");
            assertThat(run(connection, "UPDATE /* MARK */ items SET name = 'y' WHERE id = 100"))
                    .containsExactly("primary");
            assertThat(run(connection, "REPLACE /* MARK */ INTO items VALUES (100, 'z')")).containsExactly("primary");
            assertThat(run(connection, "DELETE /* MARK */ FROM items WHERE id = 100")).containsExactly("primary");
            assertThat(run(connection, "CREATE /* MARK */ TABLE ddl_probe (id INT)")).containsExactly("primary");
            assertThat(run(connection, "DROP /* MARK */ TABLE ddl_probe")).containsExactly("primary");
        }
    }

    @Test
    void sendsLoadDataToThePrimary() throws Exception {
        Path rows = Files.createTempFile("rwsplit-load", ".tsv");
        try (Connection connection = connect()) {
            Files.writeString(rows, "300\tloaded\n301\tloaded\n");
            assertThat(run(connection, "LOAD DATA LOCAL INFILE '" + rows + "' INTO TABLE items /* MARK */"))
                    .containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ COUNT(*) FROM items WHERE name = 'loaded'"))
                    .containsExactly("replica");
            run(connection, "DELETE FROM items WHERE id >= 300");
        } finally {
            Files.delete(rows);
        }
    }

    @Test
    void sendsLockingReadsToThePrimary() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(run(connection, "SELECT /* MARK */ * FROM items WHERE id = 1 FOR UPDATE"))
                    .containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ * FROM items WHERE id = 1 LOCK IN SHARE MODE"))
                    .containsExactly("primary");
            // MySQL 8 syntax: MariaDB 10.11 rejects it, but only after the primary received it.
            assertThat(runEvenIfRejected(connection, "SELECT /* MARK */ * FROM items WHERE id = 1 FOR SHARE"))
                    .containsExactly("primary");
        }
    }

    @Test
    void sendsSessionFunctionReadsToThePrimary() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(run(connection, "SELECT /* MARK */ LAST_INSERT_ID()")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ FOUND_ROWS()")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ GET_LOCK('routing-it', 1)")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ RELEASE_LOCK('routing-it')")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ @other")).containsExactly("replica");
            assertThat(run(connection, "SELECT /* MARK */ @total := COUNT(*) FROM items")).containsExactly("primary");
            // The value lives on the primary only, so reads of user variables follow it there.
            assertThat(run(connection, "SELECT /* MARK */ @total")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ COUNT(*) FROM items")).containsExactly("replica");
        }
    }

    @Test
    void sendsTheOtherSessionFunctionsToThePrimary() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(run(connection, "SELECT /* MARK */ ROW_COUNT()")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ @@IDENTITY")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ IS_FREE_LOCK('routing-it')")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ IS_USED_LOCK('routing-it')")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ NEXTVAL(item_ids)")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ NEXT VALUE FOR item_ids")).containsExactly("primary");
            assertThat(run(connection, "DO /* MARK */ RELEASE_LOCK('routing-it')")).containsExactly("primary");
        }
    }

    @Test
    void sendsSelectIntoAndReadsOfItsVariableToThePrimary() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(run(connection, "SELECT /* MARK */ name INTO @picked FROM items WHERE id = 1"))
                    .containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ @picked")).containsExactly("primary");
        }
    }

    @Test
    void sendsCallsMultiStatementsAndUnknownSqlToThePrimary() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(run(connection, "CALL /* MARK */ count_items()")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ 1; SELECT 2")).containsExactly("primary");
            assertThat(run(connection, "HELP /* MARK */ 'contents'")).containsExactly("primary");
            // Unparseable SQL still goes to a server, which gives the app its own error.
            assertThat(runEvenIfRejected(connection, "FROBNICATE /* MARK */ items")).containsExactly("primary");
        }
    }

    @Test
    void sendsReadsOfThisSessionsTemporaryTableToThePrimary() throws SQLException {
        try (Connection connection = connect()) {
            run(connection, "CREATE TEMPORARY TABLE tmp_items AS SELECT * FROM items");
            assertThat(run(connection, "SELECT /* MARK */ COUNT(*) FROM tmp_items")).containsExactly("primary");
            assertThat(run(connection, "SELECT /* MARK */ COUNT(*) FROM items")).containsExactly("replica");
        }
    }

    @Test
    void keepsAReadWriteTransactionOnThePrimary() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            assertThat(run(connection, "SELECT /* MARK */ name FROM items WHERE id = 2")).containsExactly("primary");
            assertThat(run(connection, "UPDATE /* MARK */ items SET name = 'two' WHERE id = 2"))
                    .containsExactly("primary");
            connection.commit();
            assertThat(run(connection, "SELECT /* MARK */ name FROM items WHERE id = 2")).containsExactly("primary");
            connection.rollback();
        }
    }

    @Test
    void keepsAnExplicitTransactionOnThePrimaryUntilCommit() throws SQLException {
        try (Connection connection = connect()) {
            run(connection, "BEGIN");
            assertThat(run(connection, "SELECT /* MARK */ name FROM items WHERE id = 1")).containsExactly("primary");
            run(connection, "COMMIT");
            assertThat(run(connection, "SELECT /* MARK */ name FROM items WHERE id = 1")).containsExactly("replica");
        }
    }

    @Test
    void runsAReadOnlyTransactionWholeOnOneReplica() throws SQLException {
        try (Connection connection = connect()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            String marker = mark();
            int firstServer = serverId(connection, marker);
            for (int i = 0; i < 5; i++) {
                assertThat(serverId(connection, marker)).isEqualTo(firstServer);
            }
            connection.commit();
            assertThat(firstServer).isNotEqualTo(cluster.primary().serverId());
            assertThat(ranOn(marker)).containsExactly("replica");
        }
    }

    @Test
    void runsStartTransactionReadOnlyOnAReplica() throws SQLException {
        try (Connection connection = connect()) {
            run(connection, "START TRANSACTION READ ONLY");
            assertThat(run(connection, "SELECT /* MARK */ name FROM items WHERE id = 1")).containsExactly("replica");
            run(connection, "COMMIT");
        }
    }

    @Test
    void refusesAWriteInReadOnlyModeBeforeSendingIt() throws SQLException {
        try (Connection connection = connect()) {
            connection.setReadOnly(true);
            String marker = mark();
            assertThatThrownBy(() -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("UPDATE /* " + marker + " */ items SET name = 'no' WHERE id = 1");
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("read-only")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
            assertThat(ranOn(marker)).isEmpty();
        }
    }

    @Test
    void refusesAWriteInAStartTransactionReadOnlyBeforeSendingIt() throws SQLException {
        try (Connection connection = connect()) {
            run(connection, "START TRANSACTION READ ONLY");
            String marker = mark();
            assertThatThrownBy(() -> run(connection, "DELETE /* " + marker + " */ FROM items WHERE id = 1"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
            run(connection, "COMMIT");
            assertThat(ranOn(marker)).isEmpty();
            assertThat(run(connection, "SELECT /* MARK */ COUNT(*) FROM items WHERE id = 1"))
                    .containsExactly("replica");
        }
    }

    @Test
    void honoursHintsInALeadingComment() throws SQLException {
        try (Connection connection = connect()) {
            assertThat(run(connection, "/* rwsplit:primary */ SELECT /* MARK */ name FROM items"))
                    .containsExactly("primary");
            assertThat(run(connection, "/* rwsplit:replica */ SELECT /* MARK */ FOUND_ROWS()"))
                    .containsExactly("replica");
        }
    }

    @Test
    @SuppressWarnings("try") // the block is a scope, not a resource to use
    void forcesThePrimaryForABlockOfWork() throws SQLException {
        try (Connection connection = connect()) {
            try (var block = RwSplit.forcePrimary(connection)) {
                assertThat(run(connection, "SELECT /* MARK */ 1 FROM items LIMIT 1")).containsExactly("primary");
            }
            assertThat(run(connection, "SELECT /* MARK */ 1 FROM items LIMIT 1")).containsExactly("replica");
        }
    }

    @Test
    void routesPreparedReadsToAReplicaAndPreparedWritesToThePrimary() throws SQLException {
        try (Connection connection = connect()) {
            String readMark = mark();
            try (PreparedStatement read = connection.prepareStatement(
                    "SELECT /* " + readMark + " */ name FROM items WHERE id = ?")) {
                read.setInt(1, 2);
                try (ResultSet rows = read.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("two");
                    assertThat(rows.getStatement()).isSameAs(read);
                }
            }
            assertThat(ranOn(readMark)).containsExactly("replica");
            String writeMark = mark();
            try (PreparedStatement write = connection.prepareStatement(
                    "INSERT /* " + writeMark + " */ INTO items VALUES (?, ?)")) {
                write.setInt(1, 200);
                write.setString(2, "batched");
                write.addBatch();
                write.setInt(1, 201);
                write.addBatch();
                assertThat(write.executeBatch()).containsExactly(1, 1);
            }
            assertThat(ranOn(writeMark)).containsExactly("primary");
            run(connection, "DELETE FROM items WHERE id >= 200");
        }
    }

    /** Like {@link #run}, for statements the server may reject: where it went is what counts. */
    private static Set<String> runEvenIfRejected(Connection connection, String sqlWithMark) {
        String marker = mark();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sqlWithMark.replace("MARK", marker));
        } catch (SQLException rejected) {
            assertThat(rejected.getSQLState()).as("a server's error, not the driver's").startsWith("42");
        }
        return ranOn(marker);
    }

    private static int serverId(Connection connection, String marker) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT /* " + marker + " */ @@server_id FROM items LIMIT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
