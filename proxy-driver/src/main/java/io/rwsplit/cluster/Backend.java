package io.rwsplit.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.rwsplit.monitor.Endpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** One server of the cluster and its pool of physical connections. */
public final class Backend {

    /** The primary or a replica. */
    public enum Role { PRIMARY, REPLICA }

    private final Endpoint endpoint;
    private final Role role;
    /** A borrow waits in slices this long, to see between them whether the server refuses connections. */
    private static final long SLICE_MILLIS = 250;
    /** How long a borrow waits for a server that refused the last connect attempt before it gives up. */
    static final long UNREACHABLE_WAIT_MILLIS = 1000;

    private final HikariDataSource pool;
    private final ConnectorDataSource source;
    private final long timeoutMillis;

    Backend(String clusterName, Endpoint endpoint, Role role, String database, Properties connectorProperties,
            PoolSettings settings) {
        this.endpoint = endpoint;
        this.role = role;
        String url = "jdbc:mysql://" + endpoint + "/" + (database == null ? "" : database);
        HikariConfig config = new HikariConfig();
        config.setPoolName(clusterName + " " + role.name().toLowerCase() + " " + endpoint);
        this.source = new ConnectorDataSource(url, connectorProperties);
        this.timeoutMillis = settings.connectionTimeoutMillis();
        config.setDataSource(source);
        config.setMaximumPoolSize(settings.maxSize());
        config.setMinimumIdle(settings.minIdle());
        config.setConnectionTimeout(settings.connectionTimeoutMillis());
        config.setIdleTimeout(settings.idleTimeoutMillis());
        config.setMaxLifetime(settings.maxLifetimeMillis());
        // A server that is down when the app starts must not stop the app from starting: the pool retries later.
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public Role role() {
        return role;
    }

    public boolean isPrimary() {
        return role == Role.PRIMARY;
    }

    /**
     * Borrows a physical connection; waits at most the pool's connection timeout, and only about a second when the
     * server refuses connections (a primary that is down fails writes fast).
     *
     * @throws SQLTransientConnectionException the server cannot be reached: the message names it, the SQLState,
     *                                         vendor code and cause are Connector/J's from the last connect attempt
     * @throws SQLTimeoutException             (HYT00) every connection of the pool stayed in use
     */
    public Connection borrow() throws SQLException {
        HikariPool hikari = (HikariPool) pool.getHikariPoolMXBean();
        if (hikari == null) {
            return pool.getConnection();
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            try {
                return hikari.getConnection(SLICE_MILLIS);
            } catch (SQLTransientConnectionException timeout) {
                ConnectorDataSource.Failure failure = source.lastFailure();
                long now = System.nanoTime();
                boolean unreachable = failure != null && (failure.atNanos() - start > 0
                        || now - start >= TimeUnit.MILLISECONDS.toNanos(UNREACHABLE_WAIT_MILLIS));
                if (unreachable) {
                    throw unreachable(failure.error(), now - start, timeout);
                }
                if (now - deadline >= 0) {
                    throw exhausted(now - start, timeout);
                }
            }
        }
    }

    private SQLException unreachable(SQLException connectorJ, long waitedNanos, SQLException timeout) {
        SQLTransientConnectionException e = new SQLTransientConnectionException("rwsplit: cannot connect to the "
                + this + " (waited " + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms): "
                + connectorJ.getMessage(), connectorJ.getSQLState() == null ? "08001" : connectorJ.getSQLState(),
                connectorJ.getErrorCode(), connectorJ);
        e.addSuppressed(timeout);
        return e;
    }

    private SQLException exhausted(long waitedNanos, SQLException timeout) {
        return new SQLTimeoutException("rwsplit: no free connection to the " + this + " within "
                + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms: all " + pool.getMaximumPoolSize()
                + " connections of its pool are in use (rwsplit.poolMaxSize, rwsplit.poolConnectionTimeout)",
                "HYT00", timeout);
    }

    /** Closes a physical connection instead of returning it: its session can no longer be trusted. */
    public void evict(Connection connection) {
        pool.evictConnection(connection);
    }

    public int activeConnections() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getActiveConnections();
    }

    public int totalConnections() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getTotalConnections();
    }

    void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return role.name().toLowerCase() + " " + endpoint;
    }
}
