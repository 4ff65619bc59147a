package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.Credentials;
import io.rwsplit.testkit.Flavor;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-only mode holds on the servers, not only in the driver: statements whose writes the driver cannot see (a
 * CALL, a multi-statement, a stored function in a SELECT) run in a read-only session, so the server refuses the write.
 * Replica sessions are always read-only, which stops even a user whose privileges bypass the replica's read_only.
 */
class ReadOnlyModeIT {

    /** ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION's SQLState, also the driver's own for a refused write. */
    private static final String READ_ONLY_TRANSACTION = "25006";

    @AutoClose
    private static ReplicationCluster cluster;
    /** A user whose privileges bypass read_only, as an admin account's do: only the session stops its writes. */
    private static final Credentials ADMIN = new Credentials("ro_admin", "ro-admin-pw");

    private static String appUrl;
    private static String adminUrl;
    private static final AtomicInteger MARKS = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("read-only-it").replicas(1).generalLog(true).start();
        appUrl = ClusterUrls.withCredentials(cluster, "read-only-it", "&allowMultiQueries=true");
        adminUrl = ClusterUrls.withoutCredentials(cluster, "read-only-admin-it", "&user=" + ADMIN.user()
                + "&password=" + ADMIN.password() + "&rwsplit.poolMaxSize=1");
        cluster.setUp("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(40))",
                "CREATE TABLE scratch (id INT PRIMARY KEY)",
                // INVOKER: it writes with the caller's privileges, so the admin's call is stopped by its session alone.
                "CREATE PROCEDURE add_note(IN n INT) SQL SECURITY INVOKER INSERT INTO notes VALUES (n, 'by call')",
                "CREATE PROCEDURE count_notes() SELECT COUNT(*) FROM notes");
        // DETERMINISTIC only so that a binlogging server accepts it without log_bin_trust_function_creators.
        cluster.setUpAsRoot("CREATE USER " + ADMIN.user() + " IDENTIFIED BY '" + ADMIN.password() + "'",
                "GRANT ALL ON *.* TO " + ADMIN.user(), cluster.flavor() == Flavor.MARIADB
                        ? "GRANT READ_ONLY ADMIN ON *.* TO " + ADMIN.user() : "GRANT CONNECTION_ADMIN ON *.* TO "
                        + ADMIN.user());
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        cluster.setUpAsRoot("CREATE FUNCTION " + cluster.schema() + ".add_note_fn(n INT) RETURNS INT DETERMINISTIC"
                + " BEGIN INSERT INTO " + cluster.schema() + ".notes VALUES (n, 'by function'); RETURN n; END");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void refusesAWriteInsideACallOnThePrimary() throws SQLException {
        try (Connection connection = DriverManager.getConnection(appUrl)) {
            connection.setReadOnly(true);
            String marker = mark();
            assertRefused(() -> execute(connection, "CALL /* " + marker + " */ add_note(1)"));
            assertThat(ranOn(marker)).containsExactly("primary");
            assertThat(notesWithId(cluster.primary(), 1)).isZero();
        }
    }

    @Test
    void refusesAWriteHiddenInAMultiStatement() throws SQLException {
        try (Connection connection = DriverManager.getConnection(appUrl)) {
            connection.setReadOnly(true);
            String marker = mark();
            assertRefused(() -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT /* " + marker + " */ 1; INSERT INTO notes VALUES (2, 'multi')");
                    while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                        // drain: the INSERT's error comes with its own result
                    }
                }
            });
            assertThat(ranOn(marker)).containsExactly("primary");
            assertThat(notesWithId(cluster.primary(), 2)).isZero();
        }
    }

    @Test
    void runsAReadingCallOfAReadOnlyTransactionOnTheReplica() throws SQLException {
        try (Connection connection = DriverManager.getConnection(appUrl)) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            String marker = mark();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("CALL /* " + marker + " */ count_notes()")) {
                assertThat(rows.next()).isTrue();
            }
            connection.commit();
            assertThat(ranOn(marker)).containsExactly("replica");
        }
    }

    @Test
    void theAdminCanWriteOnAReplicaWhenItsSessionIsNotReadOnly() throws SQLException {
        // What the tests below rely on: read_only alone does not stop this user, so only the session can.
        try (Connection direct = DriverManager.getConnection("jdbc:mysql://" + cluster.replica(0).hostAndPort() + "/"
                + cluster.schema(), ADMIN.user(), ADMIN.password()); Statement statement = direct.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO scratch VALUES (1)")).isOne();
        }
    }

    @Test
    void refusesAWritingCallOfAReadOnlyTransactionOnTheReplicaEvenForAnAdmin() throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl)) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            String marker = mark();
            assertRefused(() -> execute(connection, "CALL /* " + marker + " */ " + cluster.schema() + ".add_note(3)"));
            connection.rollback();
            assertThat(ranOn(marker)).containsExactly("replica");
            assertThat(notesWithId(cluster.replica(0), 3)).isZero();
        }
    }

    @Test
    void runsStartTransactionReadWriteOnThePrimaryEvenInReadOnlyMode() throws SQLException {
        // On a replica, READ WRITE would lift the session's read-only guard for the transaction: the admin's CALL
        // would write there and the replica diverge.
        try (Connection connection = DriverManager.getConnection(adminUrl)) {
            connection.setReadOnly(true);
            String marker = mark();
            execute(connection, "START TRANSACTION READ WRITE");
            execute(connection, "CALL /* " + marker + " */ " + cluster.schema() + ".add_note(6)");
            execute(connection, "ROLLBACK");
            assertThat(ranOn(marker)).containsExactly("primary");
            assertThat(notesWithId(cluster.primary(), 6)).isZero();
            assertThat(notesWithId(cluster.replica(0), 6)).isZero();
        }
    }

    @Test
    void keepsAStoredFunctionThatWritesFromWritingOnAReplica() throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminUrl)) {
            String marker = mark();
            // Classified as a plain read, so it goes to a replica, where the admin's write would make it diverge.
            assertRefused(() -> execute(connection, "SELECT /* " + marker + " */ " + cluster.schema()
                    + ".add_note_fn(4)"));
            assertThat(ranOn(marker)).containsExactly("replica");
            assertThat(notesWithId(cluster.replica(0), 4)).isZero();
        }
    }

    @Test
    void writesAgainOnceReadOnlyModeEnds() throws SQLException {
        try (Connection connection = DriverManager.getConnection(appUrl)) {
            connection.setReadOnly(true);
            assertThat(primarySessionReadOnly(connection)).isTrue();
            connection.setReadOnly(false);
            assertThat(primarySessionReadOnly(connection)).isFalse();
            execute(connection, "CALL add_note(5)");
            assertThat(notesWithId(cluster.primary(), 5)).isOne();
        }
    }

    @Test
    void returnsThePrimaryConnectionToItsPoolReadWrite() throws SQLException {
        long sessionId;
        try (Connection connection = DriverManager.getConnection(adminUrl)) {
            connection.setReadOnly(true);
            assertThat(primarySessionReadOnly(connection)).isTrue();
            sessionId = primarySessionId(connection);
        }
        // A pool of one: the next logical connection gets the same physical one, and finds it read-write.
        try (Connection connection = DriverManager.getConnection(adminUrl)) {
            assertThat(primarySessionId(connection)).isEqualTo(sessionId);
            assertThat(primarySessionReadOnly(connection)).isFalse();
        }
    }

    @Test
    void startsEveryReplicaSessionReadOnly() throws SQLException {
        try (Connection connection = DriverManager.getConnection(appUrl);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@server_id, " + readOnlyVariable())) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(cluster.replica(0).serverId());
            assertThat(rows.getBoolean(2)).isTrue();
        }
    }

    private static void assertRefused(ThrowingCallable write) {
        assertThatThrownBy(write).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(READ_ONLY_TRANSACTION);
    }

    private static boolean primarySessionReadOnly(Connection connection) throws SQLException {
        return queryLong(connection, "/* rwsplit:primary */ SELECT " + readOnlyVariable()) == 1;
    }

    private static long primarySessionId(Connection connection) throws SQLException {
        return queryLong(connection, "/* rwsplit:primary */ SELECT CONNECTION_ID()");
    }

    /** MariaDB before 11.1 knows only the old name; MySQL 8 only the new one. */
    private static String readOnlyVariable() {
        return cluster.flavor() == Flavor.MARIADB ? "@@tx_read_only" : "@@transaction_read_only";
    }

    private static long notesWithId(ClusterNode node, int id) throws SQLException {
        try (Connection direct = cluster.connect(node)) {
            return queryLong(direct, "SELECT COUNT(*) FROM notes WHERE id = " + id);
        }
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String mark() {
        return "romark" + MARKS.incrementAndGet() + "x";
    }


    private static Set<String> ranOn(String marker) {
        return cluster.rolesThatRan(marker);
    }
}
