package io.rwsplit.cluster;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pretend server for unit tests: it lends JDBC connections (dynamic proxies) that answer every statement at once and
 * log what ran, as {@code "<server>: <sql>"}, into the log the test reads. A test can make the next statement fail,
 * as a broken connection (SQLState 08S01, the connection is then closed) or a statement error.
 */
public final class StubServer {

    private final String name;
    private final List<String> log;
    private final List<Exception> nextFailures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<String[]>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger prepares = new AtomicInteger();

    StubServer(String name, List<String> log) {
        this.name = name;
        this.log = log;
    }

    /** The next statement on any of this server's connections throws {@code failure}. */
    public void failNext(SQLException failure) {
        nextFailures.add(failure);
    }

    /** The next statement throws an unchecked exception, as a bug in a library would. */
    public void crashNext(RuntimeException failure) {
        nextFailures.add(failure);
    }

    /**
     * What a query answers from now on, one array of column values per row (null for SQL NULL); a query without an
     * answer returns no rows. A prepared query is named with its values, as the log shows it: {@code SELECT ? [7]}.
     */
    public void answer(String sql, String[]... rows) {
        answers.put(sql, List.of(rows));
    }

    /** How many statements were prepared on this server's connections. */
    public int prepares() {
        return prepares.get();
    }

    /** The next statement fails as if the connection broke (08S01), and the connection is closed. */
    public void breakNext() {
        failNext(new SQLException("Communications link failure (stub)", "08S01"));
    }

    Connection newConnection() {
        return proxy(Connection.class, new ConnectionHandler());
    }

    private void ran(String sql) throws SQLException {
        if (!nextFailures.isEmpty()) {
            Exception failure = nextFailures.remove(0);
            if (failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw (SQLException) failure;
        }
        log.add(name + ": " + sql);
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        Class<?>[] types = type == Connection.class
                ? new Class<?>[] {Connection.class, com.mysql.cj.jdbc.JdbcConnection.class}
                : new Class<?>[] {type};
        return type.cast(Proxy.newProxyInstance(StubServer.class.getClassLoader(), types, handler));
    }

    /** The state one pretend connection keeps. */
    private final class ConnectionHandler implements InvocationHandler {

        private boolean closed;
        private boolean autoCommit = true;
        private int networkTimeout;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "isClosed":
                    return closed;
                case "close":
                case "abort":
                    closed = true;
                    return null;
                case "unwrap":
                    return proxy;
                case "isWrapperFor":
                    return true;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "stub connection to " + StubServer.this.name;
                case "isValid":
                    return !closed;
                default:
                    break;
            }
            checkOpen();
            switch (name) {
                case "getAutoCommit":
                    return autoCommit;
                case "setAutoCommit":
                    if (autoCommit != (boolean) args[0]) {
                        autoCommit = (boolean) args[0];
                        execute("SET autocommit=" + (autoCommit ? 1 : 0));
                    }
                    return null;
                case "commit":
                    execute("COMMIT");
                    return null;
                case "rollback":
                    execute("ROLLBACK");
                    return null;
                case "getNetworkTimeout":
                    return networkTimeout;
                case "setNetworkTimeout":
                    networkTimeout = (int) args[1];
                    return null;
                case "createStatement":
                    return proxy(Statement.class, new StatementHandler(this, null));
                case "prepareStatement":
                    prepares.incrementAndGet();
                    return proxy(PreparedStatement.class, new StatementHandler(this, (String) args[0]));
                default:
                    return defaultValue(method.getReturnType());
            }
        }

        void checkOpen() throws SQLException {
            if (closed) {
                throw new SQLException("No operations allowed after connection closed.", "08003");
            }
        }

        void execute(String sql) throws SQLException {
            try {
                ran(sql);
            } catch (SQLException failure) {
                if (failure.getSQLState() != null && failure.getSQLState().startsWith("08")) {
                    closed = true;
                }
                throw failure;
            }
        }
    }

    /** A pretend statement: runs its SQL on its connection, logging each parameter set of a prepared one. */
    private final class StatementHandler implements InvocationHandler {

        private final ConnectionHandler connection;
        private final String preparedSql;
        private final Map<Integer, Object> parameters = new ConcurrentHashMap<>();
        private final List<String> batch = new ArrayList<>();
        private boolean closed;

        StatementHandler(ConnectionHandler connection, String preparedSql) {
            this.connection = connection;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            {
                switch (name) {
                    case "close":
                        closed = true;
                        return null;
                    case "isClosed":
                        return closed || connection.closed;
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "toString":
                        return "stub statement " + preparedSql;
                    case "addBatch":
                        batch.add(args == null ? bound() : (String) args[0]);
                        return null;
                    case "clearBatch":
                        batch.clear();
                        return null;
                    case "executeBatch":
                    case "executeLargeBatch":
                        return executeBatch(name.equals("executeBatch"));
                    case "executeQuery":
                        return results(run(args));
                    case "getResultSet":
                        return results(lastSql);
                    case "executeUpdate":
                    case "executeLargeUpdate":
                        run(args);
                        return name.equals("executeUpdate") ? (Object) 1 : (Object) 1L;
                    case "execute":
                        String sql = run(args);
                        return answers.containsKey(sql);
                    case "getUpdateCount":
                        return 1;
                    default:
                        break;
                }
                if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer i
                        && preparedSql != null) {
                    parameters.put(i, args[1] == null ? "NULL" : args[1]);
                    return null;
                }
                if (name.equals("clearParameters")) {
                    parameters.clear();
                    return null;
                }
                return defaultValue(method.getReturnType());
            }
        }

        private String lastSql;

        private String run(Object[] args) throws SQLException {
            connection.checkOpen();
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : bound();
            connection.execute(sql);
            lastSql = sql;
            return sql;
        }

        private Object executeBatch(boolean ints) throws SQLException {
            connection.checkOpen();
            List<String> statements = new ArrayList<>(batch);
            batch.clear();
            for (String sql : statements) {
                connection.execute(sql);
            }
            if (ints) {
                int[] counts = new int[statements.size()];
                java.util.Arrays.fill(counts, 1);
                return counts;
            }
            long[] counts = new long[statements.size()];
            java.util.Arrays.fill(counts, 1L);
            return counts;
        }

        /** The prepared SQL with its parameters, e.g. {@code SELECT ? [7]}. */
        private String bound() {
            return parameters.isEmpty() ? preparedSql : preparedSql + " " + new java.util.TreeMap<>(parameters).values();
        }
    }

    private ResultSet results(String sql) {
        List<String[]> rows = sql == null ? List.of() : answers.getOrDefault(sql, List.of());
        int columns = rows.isEmpty() ? 1 : rows.get(0).length;
        ResultSetMetaData metaData = proxy(ResultSetMetaData.class, (proxy, method, args) ->
                method.getName().equals("getColumnCount") ? (Object) columns : defaultValue(method.getReturnType()));
        int[] at = {0};
        return proxy(ResultSet.class, (proxy, method, args) -> switch (method.getName()) {
            case "next" -> ++at[0] <= rows.size();
            case "getString" -> rows.get(at[0] - 1)[(int) args[0] - 1];
            case "getMetaData" -> metaData;
            case "isWrapperFor", "wasNull", "isClosed" -> false;
            case "getConcurrency" -> ResultSet.CONCUR_READ_ONLY;
            case "getType" -> ResultSet.TYPE_FORWARD_ONLY;
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> defaultValue(method.getReturnType());
        });
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
