package io.rwsplit.monitor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's connection to one server, opened on first use, reused from poll to poll, dropped after a failure and
 * aborted from another thread when a probe overruns its deadline. One probe uses it at a time.
 */
final class ProbeConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeConnection.class);

    private final String clusterName;
    private final Endpoint endpoint;
    private final ProbeConnector connector;
    private final Duration timeout;
    private volatile Connection connection;
    private volatile ServerKind serverKind;

    ProbeConnection(String clusterName, Endpoint endpoint, ProbeConnector connector, Duration timeout) {
        this.clusterName = clusterName;
        this.endpoint = endpoint;
        this.connector = connector;
        this.timeout = timeout;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The open connection, opening one (and detecting the kind of server) if there is none. */
    Connection open() throws SQLException {
        Connection current = connection;
        if (current != null) {
            return current;
        }
        Connection opened = connector.connect(endpoint, timeout);
        if (opened == null) {
            throw new SQLException("the probe connector returned no connection for " + endpoint);
        }
        try {
            opened.setAutoCommit(true);
            String version;
            try (Statement statement = opened.createStatement();
                 ResultSet resultSet = statement.executeQuery("SELECT VERSION()")) {
                version = resultSet.next() ? resultSet.getString(1) : "";
            }
            serverKind = ServerKind.detect(version);
            LOG.debug("{} - probe connection to {} opened: {} ({})", clusterName, endpoint, version, serverKind);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
        connection = opened;
        return opened;
    }

    /** The kind of server detected when the connection was opened; null before. */
    ServerKind serverKind() {
        return serverKind;
    }

    /** Closes the connection, if any, ignoring errors; the next {@link #open()} reconnects. */
    void discard() {
        Connection current = connection;
        connection = null;
        if (current != null) {
            closeQuietly(current);
        }
    }

    /** Aborts the connection from another thread, unblocking a probe stuck on it; the next probe reconnects. */
    void abort(Executor executor) {
        Connection current = connection;
        connection = null;
        if (current == null) {
            return;
        }
        try {
            current.abort(executor);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("{} - aborting the probe connection to {} failed: {}", clusterName, endpoint, e.toString());
        }
    }

    private void closeQuietly(Connection opened) {
        try {
            opened.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("{} - closing the probe connection to {} failed: {}", clusterName, endpoint, e.toString());
        }
    }
}
