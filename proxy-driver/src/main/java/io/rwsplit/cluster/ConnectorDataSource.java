package io.rwsplit.cluster;

import com.mysql.cj.jdbc.NonRegisteringDriver;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens physical connections to one server through Connector/J's {@link NonRegisteringDriver}: no DriverManager
 * lookup, so there is no way to recurse into our own driver, and the app's own registered drivers do not matter.
 */
final class ConnectorDataSource implements DataSource {

    private static final NonRegisteringDriver CONNECTOR = newConnector();

    /** Connector/J's connectTimeout when the user sets none: its own default (0) waits for ever. */
    static final String DEFAULT_CONNECT_TIMEOUT_MILLIS = "5000";
    /** Connector/J's switch for its cache of parsed prepared statements, off by default there. */
    static final String CACHE_PARSED_STATEMENTS = "cachePrepStmts";
    /** The longest text Connector/J's cache takes, 256 characters by default there. */
    static final String CACHED_TEXT_LIMIT = "prepStmtCacheSqlLimit";
    static final String DEFAULT_CACHED_TEXT_LIMIT = "2048";

    private final String url;
    private final Properties properties;
    /** HikariCP sets this from its connection timeout and waits this long for pending connects when it closes. */
    private volatile int loginTimeoutSeconds;
    private volatile Failure lastFailure;

    /** A failed connect attempt: Connector/J's error and when it came ({@link System#nanoTime()}). */
    record Failure(SQLException error, long atNanos) {
    }

    ConnectorDataSource(String url, Properties properties) {
        this.url = url;
        this.properties = withDefaults(properties);
    }

    /**
     * The user's Connector/J properties, plus a bounded connectTimeout if they set none, and Connector/J's cache of
     * parsed client-side prepared statements, for texts of up to 2048 characters, unless they chose about it: an app
     * that prepares a statement for each use has its text parsed once per connection instead of every time (no
     * change to what is sent). With {@code useServerPrepStmts=true} the same key would also keep statements open on
     * the server, so it is left to the user there.
     */
    static Properties withDefaults(Properties user) {
        Properties properties = new Properties();
        properties.putAll(user);
        if (properties.getProperty("connectTimeout") == null) {
            properties.setProperty("connectTimeout", DEFAULT_CONNECT_TIMEOUT_MILLIS);
        }
        if (properties.getProperty(CACHE_PARSED_STATEMENTS) == null
                && !connectorTrue(properties.getProperty("useServerPrepStmts"))) {
            properties.setProperty(CACHE_PARSED_STATEMENTS, "true");
            // Connector/J caches texts of up to 256 characters; an ORM's select of an entity is often longer, and
            // its parse the dearest (PrepareBenchmark: 15.9 µs for 318 characters, 2.1 µs for a point select).
            properties.putIfAbsent(CACHED_TEXT_LIMIT, DEFAULT_CACHED_TEXT_LIMIT);
        }
        return properties;
    }

    /** Connector/J's spellings of a true boolean property, in any case. */
    private static boolean connectorTrue(String value) {
        return "true".equalsIgnoreCase(value) || "yes".equalsIgnoreCase(value);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection;
        try {
            connection = CONNECTOR.connect(url, properties);
        } catch (SQLException e) {
            lastFailure = new Failure(e, System.nanoTime());
            throw e;
        }
        if (connection == null) {
            throw new SQLException("Connector/J did not accept the URL " + url, "08001");
        }
        lastFailure = null;
        return connection;
    }

    /** The last connect attempt if it failed; null once one succeeded. */
    Failure lastFailure() {
        return lastFailure;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties withUser = new Properties();
        withUser.putAll(properties);
        withUser.setProperty("user", username);
        withUser.setProperty("password", password);
        return CONNECTOR.connect(url, withUser);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Logging goes through SLF4J.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("getParentLogger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    static NonRegisteringDriver newConnector() {
        try {
            return new NonRegisteringDriver();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Connector/J could not start", e);
        }
    }
}
