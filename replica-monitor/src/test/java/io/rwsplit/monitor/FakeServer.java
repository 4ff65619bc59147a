package io.rwsplit.monitor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server as far as the monitor's probes see it, behind {@link java.lang.reflect.Proxy} JDBC objects: it answers
 * {@code SELECT VERSION()}, the replica status statement, the server id / read_only / position / clock query and the
 * listing of its replicas, and can be made unreachable, frozen (queries block until thawed or the connection is
 * aborted) or broken. By default a read-only replica of server id 1 at 127.0.0.1:3306, with its own server id.
 */
final class FakeServer {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final AtomicInteger NEXT_ID = new AtomicInteger(100);

    volatile String version = "10.11.19-MariaDB-log";
    volatile Map<String, String> replicaStatus = StatusRows.mariaDb();
    volatile String gtidBinlogPos = "0-1-7";
    volatile long serverId = NEXT_ID.getAndIncrement();
    volatile boolean readOnly = true;
    /** What {@code SHOW SLAVE HOSTS} / {@code SHOW REPLICAS} returns; null makes it fail as for lack of privilege. */
    volatile List<ListedReplica> replicaHosts = List.of();
    volatile boolean unreachable;
    private volatile boolean frozen;
    final AtomicInteger opened = new AtomicInteger();
    /** Status queries answered, and the most answered at once: probes of this server that overlapped. */
    final AtomicInteger statusQueries = new AtomicInteger();
    final AtomicInteger maxConcurrentStatus = new AtomicInteger();
    private final AtomicInteger activeStatus = new AtomicInteger();
    volatile long statusMillis;
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger aborted = new AtomicInteger();
    private final Object freezeLock = new Object();

    /** A writable server with no replication: what a primary looks like. */
    static FakeServer primary(long serverId) {
        FakeServer server = new FakeServer();
        server.serverId = serverId;
        server.readOnly = false;
        server.replicaStatus = null;
        return server;
    }

    /** A read-only replica of the server with this id at this address (MariaDB column names). */
    static FakeServer replicaOf(long sourceId, Endpoint source) {
        FakeServer server = new FakeServer();
        server.replicateFrom(sourceId, source);
        return server;
    }

    void replicateFrom(long sourceId, Endpoint source) {
        Map<String, String> status = new LinkedHashMap<>(StatusRows.mariaDb());
        status.put("Master_Host", source.host());
        status.put("Master_Port", Integer.toString(source.port()));
        status.put("Master_Server_Id", Long.toString(sourceId));
        replicaStatus = status;
    }

    /** {@code STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only=OFF}. */
    void promote() {
        replicaStatus = null;
        readOnly = false;
    }

    void set(String column, String value) {
        Map<String, String> copy = new LinkedHashMap<>(replicaStatus);
        copy.put(column, value);
        replicaStatus = copy;
    }

    void freeze() {
        frozen = true;
    }

    void thaw() {
        synchronized (freezeLock) {
            frozen = false;
            freezeLock.notifyAll();
        }
    }

    Connection connect() throws SQLException {
        if (unreachable) {
            throw new SQLNonTransientConnectionException("Could not create connection to database server: "
                    + "Connection refused", "08001");
        }
        opened.incrementAndGet();
        boolean[] dead = new boolean[1];
        Object deadLock = new Object();
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "createStatement":
                    return statement(dead, deadLock);
                case "prepareStatement":
                    return deniedWrite();
                case "setAutoCommit":
                    return null;
                case "close":
                    synchronized (deadLock) {
                        if (!dead[0]) {
                            closed.incrementAndGet();
                        }
                        dead[0] = true;
                    }
                    return null;
                case "isClosed":
                    return dead[0];
                case "abort":
                    ((Executor) args[0]).execute(() -> {
                        synchronized (deadLock) {
                            dead[0] = true;
                        }
                        aborted.incrementAndGet();
                        synchronized (freezeLock) {
                            freezeLock.notifyAll();
                        }
                    });
                    return null;
                case "toString":
                    return "FakeConnection";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private Statement statement(boolean[] dead, Object deadLock) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "executeQuery":
                    awaitThawed(dead, deadLock);
                    return resultSet(answer((String) args[0]));
                case "execute":
                    awaitThawed(dead, deadLock);
                    throw denied((String) args[0]);
                case "close":
                    return null;
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        };
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                handler);
    }

    /** The monitoring account may not write: every statement that would write fails as on a real server. */
    private java.sql.PreparedStatement deniedWrite() {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "setString", "close" -> null;
            case "executeUpdate" -> throw denied("REPLACE");
            default -> throw new UnsupportedOperationException(method.getName());
        };
        return (java.sql.PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {java.sql.PreparedStatement.class}, handler);
    }

    private static SQLException denied(String sql) {
        String command = sql.strip().split("\\s+")[0].toUpperCase(java.util.Locale.ROOT);
        return new java.sql.SQLSyntaxErrorException(command + " command denied to user 'monitor'@'localhost' for "
                + "table `rwsplit`.`heartbeat`", "42000", 1142);
    }

    private void awaitThawed(boolean[] dead, Object deadLock) throws SQLException, InterruptedException {
        synchronized (freezeLock) {
            while (frozen && !isDead(dead, deadLock)) {
                freezeLock.wait(50);
            }
        }
        if (isDead(dead, deadLock) || unreachable) {
            throw new SQLNonTransientConnectionException("Communications link failure", "08S01");
        }
    }

    private static boolean isDead(boolean[] dead, Object deadLock) {
        synchronized (deadLock) {
            return dead[0];
        }
    }

    private List<Map<String, String>> answer(String sql) throws SQLException {
        Map<String, String> row = new LinkedHashMap<>();
        if (sql.equals("SELECT VERSION()")) {
            row.put("VERSION()", version);
            return List.of(row);
        }
        if (sql.startsWith("SHOW ALL REPLICAS STATUS") || sql.startsWith("SHOW REPLICA STATUS")) {
            statusQueries.incrementAndGet();
            maxConcurrentStatus.accumulateAndGet(activeStatus.incrementAndGet(), Math::max);
            try {
                if (statusMillis > 0) {
                    Thread.sleep(statusMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                activeStatus.decrementAndGet();
            }
            Map<String, String> status = replicaStatus;
            return status == null ? List.of() : List.of(status);
        }
        if (sql.startsWith("SELECT @@GLOBAL.server_id, @@GLOBAL.read_only, ")) {
            row.put("@@GLOBAL.server_id", Long.toString(serverId));
            row.put("@@GLOBAL.read_only", readOnly ? "1" : "0");
            row.put("gtid", gtidBinlogPos);
            row.put("utc", LocalDateTime.now(ZoneOffset.UTC).format(CLOCK));
            return List.of(row);
        }
        if (sql.equals("SHOW SLAVE HOSTS") || sql.equals("SHOW REPLICAS")) {
            List<ListedReplica> hosts = replicaHosts;
            if (hosts == null) {
                throw new java.sql.SQLSyntaxErrorException("Access denied; you need (at least one of) the "
                        + "REPLICATION MASTER ADMIN privilege(s) for this operation", "42000", 1227);
            }
            List<Map<String, String>> rows = new ArrayList<>();
            for (ListedReplica host : hosts) {
                Map<String, String> listed = new LinkedHashMap<>();
                listed.put(sql.equals("SHOW REPLICAS") ? "Server_Id" : "Server_id", Long.toString(host.serverId()));
                listed.put("Host", host.endpoint().host());
                listed.put("Port", Integer.toString(host.endpoint().port()));
                listed.put(sql.equals("SHOW REPLICAS") ? "Source_Id" : "Master_id", Long.toString(serverId));
                rows.add(listed);
            }
            return rows;
        }
        if (sql.equals("SHOW MASTER STATUS") || sql.equals("SHOW BINARY LOG STATUS")) {
            row.put("File", "binlog.000001");
            row.put("Position", "1459");
            return List.of(row);
        }
        if (sql.contains("`rwsplit`.`heartbeat`")) {
            throw new java.sql.SQLSyntaxErrorException("Table 'rwsplit.heartbeat' doesn't exist", "42S02", 1146);
        }
        throw new SQLException("fake server cannot answer " + sql);
    }

    private ResultSet resultSet(List<Map<String, String>> rows) {
        List<String> columns = rows.isEmpty() ? List.of("Connection_name") : new ArrayList<>(rows.get(0).keySet());
        int[] cursor = {-1};
        InvocationHandler meta = (proxy, method, args) -> switch (method.getName()) {
            case "getColumnCount" -> columns.size();
            case "getColumnLabel", "getColumnName" -> columns.get((Integer) args[0] - 1);
            default -> throw new UnsupportedOperationException(method.getName());
        };
        ResultSetMetaData metaData = (ResultSetMetaData) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResultSetMetaData.class}, meta);
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "next" -> ++cursor[0] < rows.size();
            case "getMetaData" -> metaData;
            case "getString" -> rows.get(cursor[0]).get(columns.get((Integer) args[0] - 1));
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
        };
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                handler);
    }
}
