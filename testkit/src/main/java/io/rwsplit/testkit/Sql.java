package io.rwsplit.testkit;

import com.mysql.cj.jdbc.NonRegisteringDriver;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;

/** Small JDBC helpers over Connector/J, used without DriverManager. */
final class Sql {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Driver DRIVER = newDriver();

    private Sql() {
    }

    private static Driver newDriver() {
        try {
            return new NonRegisteringDriver();
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Opens a Connector/J connection.
     *
     * @param socketTimeout {@link Duration#ZERO} for none
     */
    static Connection open(String url, Credentials credentials, Duration connectTimeout, Duration socketTimeout)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
        properties.setProperty("socketTimeout", Long.toString(socketTimeout.toMillis()));
        // MySQL 8 accounts use caching_sha2_password, which needs TLS or the server's public key.
        properties.setProperty("allowPublicKeyRetrieval", "true");
        Connection connection = DRIVER.connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a Connector/J URL: " + url);
        }
        return connection;
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row, or null when there is no row. */
    static String queryString(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /**
     * Polls until the server at {@code url} answers {@code SELECT 1} as root.
     *
     * @param failure returns why waiting is pointless (e.g. the process exited), or null to go on
     */
    static void awaitAnswering(String what, String url, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (true) {
            String reason = failure.get();
            if (reason != null) {
                throw new IllegalStateException(what + " did not start: " + reason);
            }
            try (Connection connection = open(url, Accounts.ROOT, Duration.ofSeconds(1), Duration.ofSeconds(5))) {
                execute(connection, "SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not answer SQL within " + timeout.toSeconds()
                        + " s; last error: " + last.getMessage(), last);
            }
            sleep(POLL_INTERVAL);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
