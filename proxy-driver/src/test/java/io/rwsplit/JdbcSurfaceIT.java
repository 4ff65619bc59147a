package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.QueryInfo;
import com.mysql.cj.jdbc.ClientPreparedStatement;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.JdbcStatement;
import com.mysql.cj.jdbc.result.ResultSetInternalMethods;
import io.rwsplit.cluster.Backend;
import io.rwsplit.cluster.Cluster;
import io.rwsplit.jdbc.RoutingConnection;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDBC surface beyond routing, on real servers, as apps, pools and tools call it through an rwsplit URL. */
class JdbcSurfaceIT {

    @AutoClose
    private static ReplicationCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("surface-it").replicas(2).generalLog(true).start();
        // gtid-wait: a read right after a write still goes to a replica, which these tests check.
        url = ClusterUrls.withCredentials(cluster, "surface-it", "&allowMultiQueries=true"
                + "&rwsplit.readYourWrites=gtid-wait");
        cluster.setUpAsRoot("CREATE DATABASE other",
                "CREATE TABLE other.marker (name VARCHAR(20))",
                "INSERT INTO other.marker VALUES ('other')",
                "GRANT SELECT ON other.* TO '" + cluster.app().user() + "'@'%'");
        cluster.setUp("CREATE TABLE ids (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE numbers (n INT PRIMARY KEY)",
                "INSERT INTO numbers SELECT seq FROM seq_1_to_10000",
                "CREATE TABLE kv (k INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE PROCEDURE server_of(OUT id INT) SET id = @@server_id");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void returnsGeneratedKeysOfStatementsAndPreparedStatements() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO ids (name) VALUES ('first')", Statement.RETURN_GENERATED_KEYS);
            List<Long> first = generatedKeys(statement);
            assertThat(first).hasSize(1);
            assertThat(valueOnPrimary("SELECT name FROM ids WHERE id = " + first.get(0))).isEqualTo("first");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ids (name) VALUES (?), (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, "second");
                insert.setString(2, "third");
                assertThat(insert.executeUpdate()).isEqualTo(2);
                List<Long> ids = generatedKeys(insert);
                assertThat(ids).hasSize(2).allSatisfy(id -> assertThat(id).isGreaterThan(first.get(0)));
                assertThat(valueOnPrimary("SELECT name FROM ids WHERE id = " + ids.get(1))).isEqualTo("third");
            }
        }
    }

    @Test
    void walksEveryResultOfAMultiStatementExecute() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.execute("INSERT INTO ids (name) VALUES ('multi'); SELECT 1; SELECT 2, 3")).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(1);
            assertThat(statement.getMoreResults()).isTrue();
            try (ResultSet one = statement.getResultSet()) {
                assertThat(one.next()).isTrue();
                assertThat(one.getInt(1)).isEqualTo(1);
                assertThat(one.getStatement()).isSameAs(statement);
            }
            assertThat(statement.getMoreResults()).isTrue();
            try (ResultSet two = statement.getResultSet()) {
                assertThat(two.next()).isTrue();
                assertThat(two.getInt(2)).isEqualTo(3);
            }
            assertThat(statement.getMoreResults()).isFalse();
            assertThat(statement.getUpdateCount()).isEqualTo(-1);
            assertThat(isOnPrimary(connection)).as("a multi-statement runs on the primary").isTrue();
        }
    }

    @Test
    void streamsTenThousandRowsFromAReplicaAndStaysUsable() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet streamed = statement.executeQuery("SELECT n FROM numbers")) {
                assertThat(streamed.unwrap(ResultSetInternalMethods.class).getRows().isDynamic())
                        .as("rows are streamed, not buffered").isTrue();
                assertThat(isOnPrimary(connection)).isFalse();
                assertThat(rows(streamed)).isEqualTo(10_000);
            }
            assertThat(value(connection, "SELECT COUNT(*) FROM numbers")).isEqualTo("10000");
            statement.executeUpdate("INSERT INTO kv VALUES (100, 'after streaming')");
            assertThat(isOnPrimary(connection)).isTrue();
        }
    }

    @Test
    void appliesMaxRowsAndQueryTimeoutToStatementsMadeLaterOnAnotherBackend() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.setMaxRows(3);
            statement.setQueryTimeout(1);
            statement.executeUpdate("INSERT INTO ids (name) VALUES ('options')");
            assertThat(isOnPrimary(connection)).isTrue();
            try (ResultSet limited = statement.executeQuery("SELECT n FROM numbers")) {
                assertThat(rows(limited)).isEqualTo(3);
            }
            assertThat(isOnPrimary(connection)).isFalse();
            long started = System.nanoTime();
            assertThatThrownBy(() -> statement.executeQuery("SELECT SLEEP(5) FROM numbers WHERE n = 1"))
                    .isInstanceOf(SQLTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
            assertThat(isOnPrimary(connection)).isFalse();
        }
    }

    @Test
    void runsBatchesOnThePrimaryAndRewritesPreparedOnesWhenAsked() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.addBatch("INSERT INTO kv VALUES (1, 'one')");
            statement.addBatch("INSERT INTO kv VALUES (2, 'two')");
            statement.addBatch("UPDATE kv SET v = 'TWO' WHERE k = 2");
            assertThat(statement.executeBatch()).containsExactly(1, 1, 1);
            assertThat(isOnPrimary(connection)).isTrue();
        }
        assertThat(valueOnPrimary("SELECT GROUP_CONCAT(v ORDER BY k) FROM kv WHERE k IN (1, 2)")).isEqualTo("one,TWO");
        String rewriting = ClusterUrls.withCredentials(cluster, "surface-it-rewrite",
                "&rewriteBatchedStatements=true");
        try (Connection connection = DriverManager.getConnection(rewriting);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO kv VALUES (?, 'rwmark-rewrite')")) {
            for (int k = 10; k < 13; k++) {
                insert.setInt(1, k);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).hasSize(3);
            assertThat(isOnPrimary(connection)).isTrue();
        }
        assertThat(cluster.statementsSeen(cluster.primary(), "rwmark-rewrite")).as("one rewritten INSERT")
                .isEqualTo(1);
        assertThat(valueOnPrimary("SELECT COUNT(*) FROM kv WHERE v = 'rwmark-rewrite'")).isEqualTo("3");
    }

    @Test
    void unwrapsToConnectorJAndToItself() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(connection.isWrapperFor(RoutingConnection.class)).isTrue();
            assertThat(connection.isWrapperFor(JdbcConnection.class)).isTrue();
            assertThat(connection.unwrap(JdbcConnection.class).getHostPortPair())
                    .isEqualTo(cluster.primary().hostAndPort());
            assertThat(connection.isWrapperFor(Number.class)).isFalse();
            assertThatThrownBy(() -> connection.unwrap(Number.class)).isInstanceOf(SQLException.class);
            assertThat(statement.isWrapperFor(JdbcStatement.class)).isFalse();
            statement.executeQuery("SELECT 1 FROM numbers WHERE n = 1").close();
            assertThat(statement.isWrapperFor(JdbcStatement.class)).isTrue();
            assertThat(statement.unwrap(JdbcStatement.class)).isNotNull();
            assertThat(statement.unwrap(Statement.class)).isSameAs(statement);
        }
    }

    @Test
    void parsesAPreparedTextOncePerPhysicalConnectionUnlessTheUserTurnsTheCacheOff() throws SQLException {
        String text = "SELECT n FROM numbers WHERE n = ?";
        // As long as an ORM's select of an entity, past Connector/J's own limit of 256 characters.
        String ormLength = "SELECT " + String.join(", ", Collections.nCopies(30, "n AS number_column"))
                + " FROM numbers WHERE n = ?";
        assertThat(ormLength.length()).isGreaterThan(500);
        try (Connection connection = connect()) {
            for (String sql : List.of(text, ormLength)) {
                Prepared first = runPrepared(connection, sql);
                Prepared second = runPrepared(connection, sql);
                assertThat(isOnPrimary(connection)).isFalse();
                assertThat(second.physical()).as("the same physical connection").isSameAs(first.physical());
                assertThat(second.parse()).as("Connector/J's parse, cached").isSameAs(first.parse());
            }
        }
        try (Connection connection = DriverManager.getConnection(url + "&cachePrepStmts=false")) {
            Prepared first = runPrepared(connection, text);
            Prepared second = runPrepared(connection, text);
            assertThat(second.physical()).isSameAs(first.physical());
            assertThat(second.parse()).as("parsed again: the user's choice").isNotSameAs(first.parse());
        }
    }

    /** The physical connection a prepared statement ran on, and Connector/J's parse of its text. */
    private record Prepared(Connection physical, QueryInfo parse) {
    }

    /** Prepares, runs and closes {@code sql} with 1 for its parameter. */
    private static Prepared runPrepared(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, 1);
            statement.executeQuery().close();
            ClientPreparedStatement physical = statement.unwrap(ClientPreparedStatement.class);
            return new Prepared(physical.getConnection(), physical.getQueryInfo());
        }
    }

    @Test
    void abortClosesTheConnectionAndGivesItsPhysicalConnectionsBack() throws Exception {
        Connection connection = connect();
        Statement statement = connection.createStatement();
        statement.executeUpdate("INSERT INTO ids (name) VALUES ('aborted')");
        statement.executeQuery("SELECT n FROM numbers WHERE n = 1").close();
        Cluster shared = routing(connection).cluster();
        assertThat(shared.primary().activeConnections()).isEqualTo(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        connection.abort(executor);
        executor.shutdown();
        assertThat(connection.isClosed()).isTrue();
        assertThat(statement.isClosed()).isTrue();
        assertThat(connection.isValid(1)).isFalse();
        assertNoActiveConnections(shared);
    }

    @Test
    void appliesNetworkTimeoutToConnectionsOpenedLater() throws SQLException {
        try (Connection connection = connect()) {
            connection.setNetworkTimeout(Runnable::run, 4321);
            assertThat(connection.getNetworkTimeout()).isEqualTo(4321);
            value(connection, "SELECT COUNT(*) FROM numbers");
            assertThat(isOnPrimary(connection)).isFalse();
            assertThat(connection.unwrap(JdbcConnection.class).getNetworkTimeout()).isEqualTo(4321);
            insertName(connection, "timeout");
            assertThat(isOnPrimary(connection)).isTrue();
            assertThat(connection.unwrap(JdbcConnection.class).getNetworkTimeout()).isEqualTo(4321);
        }
    }

    @Test
    void rejectsInvalidSessionSettingsAtOnceInsteadOfAtTheNextConnection() throws SQLException {
        try (Connection connection = connect()) {
            assertThatThrownBy(() -> connection.setNetworkTimeout(Runnable::run, -1)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connection.setTransactionIsolation(Connection.TRANSACTION_NONE))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connection.setTransactionIsolation(42)).isInstanceOf(SQLException.class);
            assertThat(value(connection, "SELECT COUNT(*) FROM numbers")).isEqualTo("10000");
            insertName(connection, "still works");
            assertThat(isOnPrimary(connection)).isTrue();
        }
    }

    @Test
    void followsSetSchemaOnEveryBackendWhenSchemasAreDatabases() throws SQLException {
        String schemaTerm = ClusterUrls.withCredentials(cluster, "surface-it-schema", "&databaseTerm=SCHEMA");
        try (Connection connection = DriverManager.getConnection(schemaTerm)) {
            connection.setSchema("other");
            for (int i = 0; i < 4; i++) {
                assertThat(value(connection, "SELECT name FROM marker")).isEqualTo("other");
                assertThat(isOnPrimary(connection)).isFalse();
            }
            assertThat(connection.getSchema()).isEqualTo("other");
        }
    }

    @Test
    void reportsWarningsOfTheStatementThatWarned() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try (ResultSet cast = statement.executeQuery("SELECT CAST('x1' AS SIGNED), 1 FROM numbers WHERE n = 1")) {
                assertThat(cast.next()).isTrue();
                assertThat(cast.getInt(1)).isZero();
            }
            // SQLWarning is Iterable: the cast picks AssertJ's Throwable assertions.
            assertThat((Throwable) statement.getWarnings()).hasMessageContaining("x1");
            statement.executeUpdate("INSERT IGNORE INTO kv VALUES (50, 'first')");
            assertThat((Throwable) statement.getWarnings()).isNull();
            assertThat(statement.executeUpdate("INSERT IGNORE INTO kv VALUES (50, 'again')")).isZero();
            assertThat((Throwable) statement.getWarnings()).hasMessageContaining("Duplicate");
        }
    }

    @Test
    void givesDatabaseMetaDataOfThePrimaryThatAnswersWithTheLogicalConnection() throws SQLException {
        try (Connection connection = connect()) {
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(metaData.getConnection()).isSameAs(connection);
            try (ResultSet tables = metaData.getTables(cluster.schema(), null, "numbers", new String[] {"TABLE"})) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString("TABLE_NAME")).isEqualTo("numbers");
            }
            assertThat(metaData.getURL()).startsWith("jdbc:mysql://" + cluster.primary().hostAndPort());
            assertThat(metaData.getDatabaseProductVersion()).contains(cluster.version());
        }
    }

    @Test
    void runsCallableStatementsOnThePrimary() throws SQLException {
        try (Connection connection = connect();
             CallableStatement call = connection.prepareCall("{call server_of(?)}")) {
            call.registerOutParameter(1, Types.INTEGER);
            call.execute();
            assertThat(call.getInt(1)).isEqualTo(cluster.primary().serverId());
            assertThat(call.getConnection()).isSameAs(connection);
        }
    }

    @Test
    void closeClosesOpenStatementsAndGivesEveryPhysicalConnectionBack() throws SQLException {
        Connection connection = connect();
        assertThat(connection.isValid(1)).isTrue();
        Statement read = connection.createStatement();
        ResultSet open = read.executeQuery("SELECT n FROM numbers");
        PreparedStatement write = connection.prepareStatement("INSERT INTO ids (name) VALUES (?)");
        write.setString(1, "closing");
        write.executeUpdate();
        Statement unused = connection.createStatement();
        CallableStatement call = connection.prepareCall("{call server_of(?)}");
        // A changed session makes close() evict the physical connections instead of returning them to the pools.
        unused.execute("SET @closing = 1");
        Cluster shared = routing(connection).cluster();
        assertThat(shared.primary().activeConnections()).isEqualTo(1);
        assertThat(connection.isValid(1)).isTrue();
        connection.close();
        assertThat(connection.isValid(1)).isFalse();
        assertThat(List.of(read, write, unused, call))
                .allSatisfy(statement -> assertThat(statement.isClosed()).isTrue());
        assertThat(open.isClosed()).isTrue();
        assertNoActiveConnections(shared);
    }

    @Test
    void dataSourceReadsFromReplicasAndStopsEverythingOnClose() throws Exception {
        RwSplitDataSource dataSource = new RwSplitDataSource();
        dataSource.setUrl(ClusterUrls.withoutCredentials(cluster, "surface-ds-it", ""));
        dataSource.setUser(cluster.app().user());
        dataSource.setPassword(cluster.app().password());
        try (Connection connection = dataSource.getConnection()) {
            for (int i = 0; i < 4; i++) {
                assertThat(value(connection, "SELECT @@server_id")).isNotEqualTo(cluster.primary().serverId() + "");
            }
            insertName(connection, "data source");
            assertThat(isOnPrimary(connection)).isTrue();
        }
        assertThat(threadsNamed("rwsplit-monitor-surface-ds-it")).isNotEmpty();
        dataSource.close();
        await(() -> threadsNamed("surface-ds-it").isEmpty());
        assertThat(threadsNamed("surface-ds-it")).as("monitor and pool threads").isEmpty();
        assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLException.class);
        assertThat(threadsNamed("surface-ds-it")).as("nothing started after close").isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    private static RoutingConnection routing(Connection connection) throws SQLException {
        return connection.unwrap(RoutingConnection.class);
    }

    private static boolean isOnPrimary(Connection connection) throws SQLException {
        return routing(connection).lastBackend().toString().equals(cluster.primary().hostAndPort());
    }

    private static String value(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static void insertName(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO ids (name) VALUES ('" + name + "')")).isEqualTo(1);
        }
    }

    private static String valueOnPrimary(String sql) throws SQLException {
        try (Connection primary = cluster.connect(cluster.primary())) {
            return value(primary, sql);
        }
    }

    private static int rows(ResultSet results) throws SQLException {
        int rows = 0;
        while (results.next()) {
            rows++;
        }
        return rows;
    }

    /** The generated keys of the statement's last run; their result set answers that statement. */
    private static List<Long> generatedKeys(Statement statement) throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (ResultSet rows = statement.getGeneratedKeys()) {
            assertThat(rows.getStatement()).isSameAs(statement);
            while (rows.next()) {
                keys.add(rows.getLong(1));
            }
        }
        return keys;
    }

    /** Waits up to 5 s: an evicted connection leaves its pool at once, but is closed on the pool's own thread. */
    private static void assertNoActiveConnections(Cluster shared) {
        List<Backend> backends = new ArrayList<>(shared.replicas());
        backends.add(shared.primary());
        await(() -> backends.stream().allMatch(backend -> backend.activeConnections() == 0));
        assertThat(backends).allSatisfy(backend -> assertThat(backend.activeConnections()).as(backend.toString())
                .isZero());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<String> threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains(part)).toList();
    }
}
