package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ReplicationCluster;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every public method of the main JDBC interfaces, called with the same arguments on an object obtained through
 * rwsplit and on its twin obtained through plain Connector/J from the primary, answers alike: the same value, or
 * the same exception class and SQLState. What differs on purpose is listed in {@link #DELIBERATE} with the reason.
 */
class JdbcContractIT {

    /** The schema, the table, its first column, a procedure and its first parameter: one String fits every name. */
    private static final String NAME = "contract";
    private static final String SELECT = "SELECT contract, label, amount, created, data FROM contract";
    private static final int MAX_ROWS = 100;

    /**
     * Outcomes that differ on purpose, by {@code Interface.method} (every overload) or
     * {@code Interface.method(ParameterTypes)}; a "BUG:" reason marks a delegation bug still to be fixed.
     */
    private static final Map<String, String> DELIBERATE = Map.ofEntries(
            Map.entry("Connection.commit()", "SQLState 25000 (invalid transaction state) where Connector/J gives"
                    + " none: a caller can tell a misuse from a failure"),
            Map.entry("Connection.rollback()", "SQLState 25000 where Connector/J gives 08003, which pools such as"
                    + " HikariCP read as a broken connection and evict"),
            Map.entry("Statement.getMaxFieldSize()", "0 (no limit, the JDBC default) until set; Connector/J reports"
                    + " its session's max_allowed_packet, which would cost a physical connection to learn"));

    @AutoClose
    private static ReplicationCluster cluster;
    private static String rwsplitUrl;
    private static Properties connectorProperties;

    /** How a subject of the contract is made from a fresh connection. */
    @FunctionalInterface
    private interface Opener<T> {
        T open(Connection connection) throws SQLException;
    }

    private record Subject<T>(String name, Class<T> type, Opener<T> opener) {
    }

    /** What one call did: {@code key} is compared, {@code detail} only helps to read a difference. */
    private record Outcome(String key, String detail) {
        @Override
        public String toString() {
            return detail == null ? key : key + " (" + detail + ")";
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("contract-it").schema(NAME).replicas(1).start();
        // A socket timeout on both sides: a call that hangs fails instead of stalling the build.
        rwsplitUrl = ClusterUrls.withCredentials(cluster, "contract-it", "&socketTimeout=20000");
        connectorProperties = new Properties();
        connectorProperties.setProperty("user", cluster.app().user());
        connectorProperties.setProperty("password", cluster.app().password());
        connectorProperties.setProperty("socketTimeout", "20000");
        connectorProperties.setProperty("connectTimeout", "5000");
        cluster.setUp("CREATE TABLE contract (contract INT PRIMARY KEY, label VARCHAR(20), amount DECIMAL(10, 2),"
                        + " created DATETIME, data BLOB)",
                "INSERT INTO contract VALUES (1, 'one', 1.50, '2024-01-02 03:04:05', x'0102'),"
                        + " (2, 'two', 22.25, '2025-06-07 08:09:10', x'0304'), (3, NULL, NULL, NULL, NULL)",
                "CREATE PROCEDURE contract(OUT contract INT, OUT label VARCHAR(20))"
                        + " BEGIN SET contract = 7; SET label = 'seven'; END");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    private static List<Subject<?>> subjects() {
        return List.of(
                new Subject<>("Connection", Connection.class, connection -> connection),
                new Subject<>("Statement before it ran", Statement.class, Connection::createStatement),
                new Subject<>("Statement after a query", Statement.class, JdbcContractIT::queriedStatement),
                new Subject<>("PreparedStatement before it ran", PreparedStatement.class, JdbcContractIT::prepared),
                new Subject<>("PreparedStatement after a query", PreparedStatement.class,
                        JdbcContractIT::queriedPrepared),
                new Subject<>("CallableStatement after a call", CallableStatement.class, JdbcContractIT::called),
                new Subject<>("ResultSet on its first row", ResultSet.class, JdbcContractIT::onFirstRow),
                new Subject<>("ResultSetMetaData", ResultSetMetaData.class, c -> onFirstRow(c).getMetaData()),
                new Subject<>("ParameterMetaData", ParameterMetaData.class, c -> prepared(c).getParameterMetaData()),
                new Subject<>("DatabaseMetaData", DatabaseMetaData.class, Connection::getMetaData));
    }

    // ---- the contract --------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyMethodAnswersAsThroughConnectorJ() {
        return subjects().stream().map(subject -> DynamicTest.dynamicTest(subject.name(), () -> {
            List<Method> methods = contractMethods(subject.type());
            List<String> differences = new ArrayList<>();
            for (Method method : methods) {
                Outcome viaRwsplit = call(DriverManager.getConnection(rwsplitUrl), subject, method);
                Outcome viaConnector = call(connectToPrimary(), subject, method);
                if (!viaRwsplit.key().equals(viaConnector.key()) && deliberateReason(method) == null) {
                    differences.add(signature(method) + ": rwsplit " + viaRwsplit + ", Connector/J " + viaConnector);
                }
            }
            assertThat(differences).as("%d of %d methods of %s answer otherwise than Connector/J",
                    differences.size(), methods.size(), subject.name()).isEmpty();
        }));
    }

    @Test
    void deliberateDifferencesNameMethodsThatStillExist() {
        List<String> known = new ArrayList<>();
        for (Subject<?> subject : subjects()) {
            for (Method method : contractMethods(subject.type())) {
                known.add(nameKey(method));
                known.add(signature(method));
            }
        }
        assertThat(DELIBERATE.keySet()).allSatisfy(key -> assertThat(known).as(key).contains(key));
    }

    @Test
    void comparesValuesNotJustThatCallsSucceed() throws SQLException {
        // The contract means something only if different answers describe differently.
        try (Connection connection = connectToPrimary()) {
            ResultSet row = onFirstRow(connection);
            assertThat(describe(row.getString(2))).isNotEqualTo(describe(row.getString(1)));
            assertThat(describe(connection.getMetaData().getTables(NAME, null, NAME, null)))
                    .contains("TABLE_NAME").contains(NAME);
        }
    }

    /** Public instance methods, in a stable order so that both sides and every run walk them alike. */
    private static List<Method> contractMethods(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(method -> !Modifier.isStatic(method.getModifiers()))
                .sorted(Comparator.comparing(JdbcContractIT::signature)).toList();
    }

    private static String deliberateReason(Method method) {
        String reason = DELIBERATE.get(signature(method));
        return reason != null ? reason : DELIBERATE.get(nameKey(method));
    }

    private static String nameKey(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    private static String signature(Method method) {
        return nameKey(method) + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
                .reduce((a, b) -> a + "," + b).map(p -> "(" + p + ")").orElse("()");
    }

    // ---- one call ------------------------------------------------------------------------------------------

    /** Calls the method on a subject made from {@code connection}, then closes the connection. */
    private static Outcome call(Connection connection, Subject<?> subject, Method method) throws SQLException {
        try (connection) {
            Object target = subject.opener().open(connection);
            try {
                return new Outcome("= " + describe(method.invoke(target, arguments(method))), null);
            } catch (InvocationTargetException e) {
                return thrown(e.getCause());
            } catch (SQLException | RuntimeException e) {
                return thrown(e);
            } catch (IllegalAccessException e) {
                throw new AssertionError(method + " is not callable", e);
            }
        }
    }

    private static Outcome thrown(Throwable failure) {
        String state = failure instanceof SQLException sql ? "[" + sql.getSQLState() + "]" : "";
        return new Outcome("throws " + failure.getClass().getName() + state, failure.getMessage());
    }

    private static Connection connectToPrimary() throws SQLException {
        return DriverManager.getConnection(cluster.primary().jdbcUrl(), connectorProperties);
    }

    /** Simple arguments that make most calls meaningful: index 1, the one name, SQL where a method runs SQL. */
    private static Object[] arguments(Method method) {
        String name = method.getName();
        boolean takesSql = name.startsWith("execute") || name.startsWith("prepare") || name.equals("addBatch")
                || name.equals("nativeSQL");
        return Arrays.stream(method.getParameterTypes()).map(type -> argument(type, takesSql)).toArray();
    }

    private static Object argument(Class<?> type, boolean takesSql) {
        if (type == int.class) {
            return 1;
        } else if (type == long.class) {
            return 1L;
        } else if (type == short.class) {
            return (short) 1;
        } else if (type == byte.class) {
            return (byte) 1;
        } else if (type == float.class) {
            return 1f;
        } else if (type == double.class) {
            return 1d;
        } else if (type == boolean.class) {
            return true;
        } else if (type == String.class) {
            return takesSql ? SELECT : NAME;
        } else if (type == Class.class) {
            return String.class;
        } else if (type == Map.class) {
            return new HashMap<>();
        } else if (type == Properties.class) {
            return new Properties();
        } else if (type == Executor.class) {
            return (Executor) Runnable::run;
        } else if (type == Calendar.class) {
            return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        } else if (type == SQLType.class) {
            return JDBCType.INTEGER;
        } else if (type == BigDecimal.class) {
            return BigDecimal.ONE;
        } else if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        return null;
    }

    // ---- describing what came back -------------------------------------------------------------------------

    /** JDBC objects compare by what they are: our wrappers and Connector/J's classes differ by design. */
    private static final List<Class<?>> JDBC_TYPES = List.of(CallableStatement.class, PreparedStatement.class,
            Statement.class, Connection.class, DatabaseMetaData.class, ResultSetMetaData.class,
            ParameterMetaData.class, java.sql.NClob.class, java.sql.SQLXML.class, java.sql.Array.class,
            java.sql.Struct.class, java.sql.Ref.class, java.sql.RowId.class, java.sql.Savepoint.class);

    /** A comparable text of a returned value: data by content, JDBC objects by their interface. */
    static String describe(Object value) throws SQLException {
        if (value == null) {
            return "null";
        } else if (value instanceof ResultSet rows) {
            return rowsOf(rows);
        } else if (value instanceof SQLWarning warning) {
            return "warning [" + warning.getSQLState() + "] " + warning.getMessage();
        } else if (value instanceof Blob blob) {
            return "Blob of " + blob.length() + " bytes";
        } else if (value instanceof Clob clob && !(value instanceof java.sql.NClob)) {
            return "Clob of " + clob.length() + " chars";
        } else if (value instanceof InputStream stream) {
            return "stream " + Arrays.toString(readQuietly(stream));
        } else if (value instanceof Reader reader) {
            return "reader " + readQuietly(reader);
        } else if (value instanceof Map<?, ?> map) {
            return new TreeMap<>(stringKeys(map)).toString();
        } else if (value.getClass().isArray()) {
            return value.getClass().getComponentType().getSimpleName() + "[] " + arrayText(value);
        }
        for (Class<?> type : JDBC_TYPES) {
            if (type.isInstance(value)) {
                return "a " + type.getSimpleName();
            }
        }
        return value.getClass().getName() + " " + value;
    }

    private static String rowsOf(ResultSet rows) throws SQLException {
        ResultSetMetaData columns = rows.getMetaData();
        StringBuilder text = new StringBuilder("rows of");
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            text.append(' ').append(columns.getColumnLabel(i));
        }
        for (int row = 0; row < MAX_ROWS && rows.next(); row++) {
            text.append(" |");
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                text.append(' ').append(rows.getString(i));
            }
        }
        return text.toString();
    }

    private static String arrayText(Object array) {
        int length = java.lang.reflect.Array.getLength(array);
        List<Object> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            elements.add(java.lang.reflect.Array.get(array, i));
        }
        return elements.toString();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new HashMap<>();
        map.forEach((key, entry) -> copy.put(String.valueOf(key), entry));
        return copy;
    }

    private static byte[] readQuietly(InputStream stream) {
        try (stream) {
            return stream.readNBytes(4096);
        } catch (java.io.IOException e) {
            return ("unreadable: " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String readQuietly(Reader reader) {
        StringBuilder text = new StringBuilder();
        try (reader) {
            char[] buffer = new char[4096];
            for (int n = reader.read(buffer); n > 0 && text.length() < 4096; n = reader.read(buffer)) {
                text.append(buffer, 0, n);
            }
        } catch (java.io.IOException e) {
            text.append("unreadable: ").append(e);
        }
        return text.toString();
    }

    // ---- the subjects --------------------------------------------------------------------------------------

    private static Statement queriedStatement(Connection connection) throws SQLException {
        Statement statement = connection.createStatement();
        statement.executeQuery(SELECT + " ORDER BY contract");
        return statement;
    }

    private static PreparedStatement prepared(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(SELECT + " WHERE contract > ? ORDER BY contract");
        statement.setInt(1, 0);
        return statement;
    }

    private static PreparedStatement queriedPrepared(Connection connection) throws SQLException {
        PreparedStatement statement = prepared(connection);
        statement.executeQuery();
        return statement;
    }

    private static CallableStatement called(Connection connection) throws SQLException {
        CallableStatement call = connection.prepareCall("{call contract(?, ?)}");
        call.registerOutParameter(1, Types.INTEGER);
        call.registerOutParameter(2, Types.VARCHAR);
        call.execute();
        return call;
    }

    private static ResultSet onFirstRow(Connection connection) throws SQLException {
        ResultSet rows = connection.createStatement().executeQuery(SELECT + " ORDER BY contract");
        assertThat(rows.next()).isTrue();
        return rows;
    }
}
