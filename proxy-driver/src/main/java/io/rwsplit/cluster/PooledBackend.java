package io.rwsplit.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.rwsplit.config.PoolSettings;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ServerKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * A server of the cluster behind a HikariCP pool, and the connections it has lent out: those can be cut off at once
 * when the server goes down, however their borrowers use them.
 */
final class PooledBackend implements Backend {

    /** A borrow waits in slices this long, to see between them whether the server refuses connections. */
    private static final long SLICE_MILLIS = 250;
    /** How long a borrow waits for a server that refused the last connect attempt before it gives up. */
    static final long UNREACHABLE_WAIT_MILLIS = 1000;
    /** Hikari checks a connection idle for more than 500 ms before lending it; never longer than this. */
    private static final long MAX_VALIDATION_MILLIS = 1000;

    /** Whether the fallback for a HikariCP without {@link HikariPool} was said yet: once per JVM. */
    private static final AtomicBoolean WARNED_UNSLICED = new AtomicBoolean();

    private final Endpoint endpoint;
    private final Role role;
    private final HikariDataSource pool;
    private final ConnectorDataSource source;
    private final long timeoutMillis;
    private final Set<Connection> lent = ConcurrentHashMap.newKeySet();
    /** Why the monitor marked this server DOWN; null while it is not. */
    private volatile String down;

    PooledBackend(String clusterName, Endpoint endpoint, Role role, String connectorUrl,
                  Properties connectorProperties, PoolSettings settings) {
        this(endpoint, role, new ConnectorDataSource(connectorUrl, connectorProperties),
                config -> new HikariDataSource(config), poolConfig(clusterName + " " + role.name().toLowerCase()
                        + " " + endpoint, role, settings));
    }

    /** @param pools makes the pool from its configuration: HikariCP's own, or a test's */
    PooledBackend(Endpoint endpoint, Role role, ConnectorDataSource source,
                  java.util.function.Function<HikariConfig, HikariDataSource> pools, HikariConfig config) {
        this.endpoint = endpoint;
        this.role = role;
        this.source = source;
        this.timeoutMillis = config.getConnectionTimeout();
        config.setDataSource(source);
        this.pool = pools.apply(config);
    }

    /** The HikariCP configuration of a backend's pool, but its data source. */
    static HikariConfig poolConfig(String poolName, Role role, PoolSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setMaximumPoolSize(settings.maxSize());
        config.setMinimumIdle(settings.minIdle());
        config.setConnectionTimeout(settings.connectionTimeoutMillis());
        // Hikari checks idle connections on the borrowing thread; its default (5 s) would stall it on a frozen server.
        config.setValidationTimeout(Math.max(250, Math.min(MAX_VALIDATION_MILLIS,
                settings.connectionTimeoutMillis() - 1)));
        config.setIdleTimeout(settings.idleTimeoutMillis());
        config.setMaxLifetime(settings.maxLifetimeMillis());
        // A server that is down when the app starts must not stop the app from starting: the pool retries later.
        config.setInitializationFailTimeout(-1);
        if (role == Role.REPLICA) {
            // Whatever reaches a replica by mistake (a hint, a CALL in a read-only transaction) cannot change data
            // there: the server refuses it, even for a user with SUPER. Once per connection, so it costs no reads.
            config.setConnectionInitSql(ServerKind.READ_ONLY_SESSION_SQL);
        }
        return config;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public String poolName() {
        return pool.getPoolName();
    }

    @Override
    public Role role() {
        return role;
    }

    /**
     * Borrows a physical connection; waits at most the pool's connection timeout, only about a second when the
     * server refuses connections (a primary that is down fails writes fast), and not at all once the monitor has
     * marked the server DOWN (a frozen replica accepts TCP connections and never answers).
     *
     * @throws SQLTransientConnectionException the server cannot be reached: the message names it; the SQLState,
     *                                         vendor code and cause are Connector/J's from the last connect attempt
     * @throws SQLTimeoutException             (HYT00) every connection of the pool stayed in use
     */
    @Override
    public Connection borrow() throws SQLException {
        long start = System.nanoTime();
        if (!(pool.getHikariPoolMXBean() instanceof HikariPool hikari)) {
            // A HikariCP release whose pool is not HikariPool any more: one wait of the whole timeout, no slices.
            if (WARNED_UNSLICED.compareAndSet(false, true)) {
                LoggerFactory.getLogger(PooledBackend.class).warn("{} - this HikariCP release's pool is not {}: a "
                        + "borrow waits for its whole timeout in one piece, and a server that refuses connections is "
                        + "noticed only then", poolName(), HikariPool.class.getName());
            }
            String downReason = down;
            if (downReason != null) {
                throw downError(downReason, 0);
            }
            return lend(pool.getConnection(), start);
        }
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            String downReason = down;
            if (downReason != null) {
                throw downError(downReason, System.nanoTime() - start);
            }
            Connection connection;
            try {
                connection = hikari.getConnection(SLICE_MILLIS);
            } catch (SQLTransientConnectionException timeout) {
                ConnectorDataSource.Failure failure = source.lastFailure();
                long now = System.nanoTime();
                boolean unreachable = failure != null && (failure.atNanos() - start > 0
                        || now - start >= TimeUnit.MILLISECONDS.toNanos(UNREACHABLE_WAIT_MILLIS));
                if (unreachable) {
                    throw unreachable(failure.error(), now - start, timeout);
                }
                if (now - deadline >= 0) {
                    throw timedOut(now - start, timeout);
                }
                continue;
            }
            return lend(connection, start);
        }
    }

    private Connection lend(Connection connection, long start) throws SQLException {
        lent.add(connection);
        // Read after lending: either cutOff() sees this connection, or this borrow sees the server is down.
        String downReason = down;
        if (downReason != null) {
            connection.abort(Runnable::run);
            evict(connection);
            throw downError(downReason, System.nanoTime() - start);
        }
        return connection;
    }

    private SQLException downError(String reason, long waitedNanos) {
        return new SQLTransientConnectionException("rwsplit: the " + this + " is DOWN (" + reason + ")"
                + waited(waitedNanos), "08001");
    }

    private SQLException unreachable(SQLException connectorJ, long waitedNanos, SQLException timeout) {
        SQLTransientConnectionException e = new SQLTransientConnectionException("rwsplit: cannot connect to the "
                + this + waited(waitedNanos) + ": " + connectorJ.getMessage(),
                connectorJ.getSQLState() == null ? "08001" : connectorJ.getSQLState(), connectorJ.getErrorCode(),
                connectorJ);
        e.addSuppressed(timeout);
        return e;
    }

    private SQLException timedOut(long waitedNanos, SQLException timeout) {
        if (activeConnections() >= pool.getMaximumPoolSize()) {
            return new SQLTimeoutException("rwsplit: no free connection to the " + this + " within "
                    + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms: all " + pool.getMaximumPoolSize()
                    + " connections of its pool are in use (rwsplit.poolMaxSize, rwsplit.poolConnectionTimeout)",
                    "HYT00", timeout);
        }
        // A server that accepts connections and never answers (frozen): the connect attempt is still pending.
        return new SQLTransientConnectionException("rwsplit: the " + this + " did not answer a connect attempt"
                + waited(waitedNanos) + " (connectTimeout, rwsplit.poolConnectionTimeout)", "08001", timeout);
    }

    private static String waited(long nanos) {
        return " (waited " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms)";
    }

    @Override
    public void giveBack(Connection connection) throws SQLException {
        if (lent.remove(connection)) {
            connection.close();
        }
    }

    @Override
    public void evict(Connection connection) {
        if (lent.remove(connection)) {
            pool.evictConnection(connection);
        }
    }

    @Override
    public void markDown(String reason) {
        down = reason;
    }

    @Override
    public boolean isDown() {
        return down != null;
    }

    @Override
    public void restored() {
        down = null;
    }

    /**
     * After {@link #markDown}: every connection this server has lent is aborted (statements on them fail with
     * Connector/J's communications error instead of waiting on a server that may never answer), and no connection
     * opened before is lent again.
     *
     * @return how many lent connections were aborted
     */
    @Override
    public int cutOff() {
        pool.getHikariPoolMXBean().softEvictConnections();
        int aborted = 0;
        for (Connection connection : lent) {
            try {
                if (!connection.isClosed()) {
                    connection.abort(Runnable::run);
                    aborted++;
                }
            } catch (SQLException | RuntimeException e) {
                // Its borrower sees the connection fail either way, and evicts it.
            }
        }
        return aborted;
    }

    /**
     * Closes every idle connection and marks those lent for closing when given back: after one of them broke, the
     * others (to a server that died or restarted) are likely dead too.
     */
    @Override
    public void discardConnections() {
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    @Override
    public int activeConnections() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getActiveConnections();
    }

    @Override
    public int totalConnections() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getTotalConnections();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return role.name().toLowerCase() + " " + endpoint;
    }
}
