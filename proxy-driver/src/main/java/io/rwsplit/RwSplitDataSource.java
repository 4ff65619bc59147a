package io.rwsplit;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.cluster.ClusterRegistry;
import io.rwsplit.config.DriverConfig;
import io.rwsplit.jdbc.RoutingConnection;
import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source for programmatic set-up. It owns its cluster (pools, monitor): {@link #close()} stops them.
 * <pre>{@code
 * RwSplitDataSource ds = new RwSplitDataSource();
 * ds.setUrl("jdbc:rwsplit:mysql://primary:3306,replica:3306/app");
 * ds.setUser("app");
 * ds.setPassword(secret);
 * }</pre>
 */
public final class RwSplitDataSource implements DataSource, Closeable {

    private final Properties properties = new Properties();
    private String url;
    private Cluster cluster;
    private int loginTimeout;
    private PrintWriter logWriter;
    private boolean closed;

    public RwSplitDataSource() {
    }

    public RwSplitDataSource(String url) {
        this.url = url;
    }

    public synchronized void setUrl(String url) {
        checkNotStarted("url");
        this.url = url;
    }

    public synchronized String getUrl() {
        return url;
    }

    public synchronized void setUser(String user) {
        checkNotStarted("user");
        properties.setProperty("user", user);
    }

    public synchronized void setPassword(String password) {
        checkNotStarted("password");
        properties.setProperty("password", password);
    }

    /** Sets any Connector/J property or {@code rwsplit.} setting, as in the URL. */
    public synchronized void setProperty(String key, String value) {
        checkNotStarted(key);
        properties.setProperty(key, value);
    }

    private void checkNotStarted(String what) {
        if (cluster != null) {
            throw new IllegalStateException("cannot change " + what + " after the first connection");
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return new RoutingConnection(cluster());
        } catch (RuntimeException e) {
            throw RwSplitDriver.unexpected(e);
        }
    }

    /** Other credentials than the configured ones: a cluster shared with DriverManager users of the same URL. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties withUser = new Properties();
        synchronized (this) {
            withUser.putAll(properties);
        }
        withUser.setProperty("user", username);
        withUser.setProperty("password", password);
        try {
            return new RoutingConnection(ClusterRegistry.clusterFor(DriverConfig.parse(requireUrl(), withUser)));
        } catch (RuntimeException e) {
            throw RwSplitDriver.unexpected(e);
        }
    }

    synchronized Cluster cluster() throws SQLException {
        String configured = requireUrl();
        if (cluster == null) {
            cluster = ClusterRegistry.startPrivate(DriverConfig.parse(configured, properties));
        }
        return cluster;
    }

    private synchronized String requireUrl() throws SQLException {
        // After close() nothing may start again: pools and a monitor thread started then would never be stopped.
        if (closed) {
            throw new SQLNonTransientConnectionException("RwSplitDataSource is closed", "08003");
        }
        if (url == null) {
            throw new SQLException("RwSplitDataSource: url is not set", "08001");
        }
        return url;
    }

    /** Stops the monitor and closes every pooled connection. The data source gives no connection after this. */
    @Override
    public synchronized void close() {
        closed = true;
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("rwsplit logs through SLF4J, not java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("RwSplitDataSource is not a wrapper for " + iface.getName(), "S1009");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
