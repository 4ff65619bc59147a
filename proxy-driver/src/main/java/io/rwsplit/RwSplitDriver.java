package io.rwsplit;

import io.rwsplit.cluster.ClusterRegistry;
import io.rwsplit.config.DriverConfig;
import io.rwsplit.jdbc.RoutingConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:rwsplit:mysql://primary:3306,replica1:3306,.../db} URLs. Registered with
 * DriverManager through {@code META-INF/services}, so apps, HikariCP and Spring Boot need only the URL.
 */
public final class RwSplitDriver implements Driver {

    static {
        try {
            DriverManager.registerDriver(new RwSplitDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Opens a logical connection; physical connections are taken from the cluster's pools when first needed. */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        try {
            DriverConfig config = DriverConfig.parse(url, info == null ? new Properties() : info);
            return new RoutingConnection(ClusterRegistry.clusterFor(config));
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    /** A failure that is not an SQLException still reaches the app as one: pools and frameworks expect no other. */
    static SQLException unexpected(RuntimeException e) {
        return new SQLNonTransientConnectionException("rwsplit: cannot connect: " + e, "08001", e);
    }

    @Override
    public boolean acceptsURL(String url) {
        return DriverConfig.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return DriverConfig.propertyInfo(url, info == null ? new Properties() : info);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    /** Not JDBC-compliant in the strict sense: it routes statements between servers. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("rwsplit logs through SLF4J, not java.util.logging");
    }

    /** Closes every cluster opened through DriverManager (pools, monitors, threads); the same as RwSplit.shutdown(). */
    public static void shutdown() {
        ClusterRegistry.closeAll();
    }
}
