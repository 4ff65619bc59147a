package io.rwsplit.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.rwsplit.monitor.Endpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** One server of the cluster and its pool of physical connections. */
public final class Backend {

    /** The primary or a replica. */
    public enum Role { PRIMARY, REPLICA }

    private final Endpoint endpoint;
    private final Role role;
    private final HikariDataSource pool;

    Backend(String clusterName, Endpoint endpoint, Role role, String database, Properties connectorProperties,
            PoolSettings settings) {
        this.endpoint = endpoint;
        this.role = role;
        String url = "jdbc:mysql://" + endpoint + "/" + (database == null ? "" : database);
        HikariConfig config = new HikariConfig();
        config.setPoolName(clusterName + " " + role.name().toLowerCase() + " " + endpoint);
        config.setDataSource(new ConnectorDataSource(url, connectorProperties));
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

    /** Borrows a physical connection; waits at most the pool's connection timeout. */
    public Connection borrow() throws SQLException {
        return pool.getConnection();
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
