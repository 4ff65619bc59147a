package io.rwsplit.consistency;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.protocol.ServerSessionStateController;
import com.mysql.cj.protocol.ServerSessionStateController.ServerSessionStateChanges;
import com.mysql.cj.protocol.ServerSessionStateController.SessionStateChange;
import io.rwsplit.monitor.ReplicationPosition;
import io.rwsplit.monitor.ServerKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the GTID of a commit on the primary. With session tracking on (Connector/J's {@code trackSessionState},
 * and {@code last_gtid} tracked on MariaDB or {@code session_track_gtids=OWN_GTID} on MySQL) it comes in the
 * statement's own OK packet, for free; otherwise a {@code SELECT} after the statement asks for it.
 */
final class GtidTracking {

    private static final Logger LOG = LoggerFactory.getLogger(GtidTracking.class);

    /** Server connections (not pool proxies, which change per borrow) whose tracking was set up: on or not. */
    private final Map<Object, Boolean> tracking = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile ServerKind kind;
    private volatile boolean withoutGtids;
    /** Connector/J's session tracking API was found missing or changed: GTIDs are asked for instead. */
    private volatile boolean apiMissing;

    /** The kind of server the primary is, known once its first connection was prepared; null before. */
    ServerKind kind() {
        return kind;
    }

    /**
     * Prepares a primary connection, once per server connection: learns the kind of server, and turns GTID tracking on
     * where Connector/J was asked to track session state.
     *
     * @return whether the OK packets on this connection carry the GTID of each commit
     */
    boolean prepare(Connection connection) throws SQLException {
        ServerKind known = kindOf(connection);
        if (apiMissing) {
            return false;
        }
        try {
            MysqlConnection server = server(connection);
            if (server == null) {
                return false;
            }
            Boolean on = tracking.get(server);
            if (on == null) {
                on = trackingRequested(server) && turnOn(connection, known);
                tracking.put(server, on);
            }
            return on;
        } catch (LinkageError | RuntimeException e) {
            apiMissing(e);
            return false;
        }
    }

    /**
     * Connector/J's session tracking API is not what this driver was built against (a newer or older release): GTIDs
     * are asked for after each write instead, one round trip more; said once.
     */
    private void apiMissing(Throwable e) {
        if (!apiMissing) {
            apiMissing = true;
            LOG.warn("Connector/J {}'s session state tracking is not as expected ({}): read-your-writes asks the primary"
                    + " for the GTID of each write instead", connectorVersion(), e.toString());
        }
    }

    private static String connectorVersion() {
        try {
            String version = com.mysql.cj.jdbc.NonRegisteringDriver.class.getPackage().getImplementationVersion();
            return version == null ? "(unknown version)" : version;
        } catch (LinkageError e) {
            return "(unknown version)";
        }
    }

    private ServerKind kindOf(Connection connection) throws SQLException {
        ServerKind known = kind;
        if (known == null) {
            // Connector/J has the version from the handshake: no round trip.
            known = ServerKind.detect(connection.getMetaData().getDatabaseProductVersion());
            withoutGtids = !known.isMariaDb() && !mysqlGtidModeOn(connection);
            kind = known;
        }
        return known;
    }

    /**
     * Whether the primary writes no GTIDs (MySQL with {@code gtid_mode} other than ON): then no read can be matched
     * to a replica's position. MariaDB always writes them.
     */
    boolean withoutGtids() {
        return withoutGtids;
    }

    private static boolean mysqlGtidModeOn(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
             ResultSet result = select.executeQuery("SELECT @@GLOBAL.gtid_mode")) {
            return result.next() && "ON".equalsIgnoreCase(result.getString(1));
        }
    }

    private static boolean turnOn(Connection connection, ServerKind kind) throws SQLException {
        try (Statement set = connection.createStatement()) {
            set.execute(kind.trackGtidSql());
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw e;
            }
            // A server without the variable: ask after each write instead.
            return false;
        }
    }

    /** The GTID the last response on this connection reported, or null: free, no round trip. */
    ReplicationPosition tracked(Connection connection) {
        ServerKind known = kind;
        if (known == null || apiMissing) {
            return null;
        }
        try {
            MysqlConnection server = server(connection);
            if (server == null) {
                return null;
            }
            ServerSessionStateChanges changes = server.getServerSessionStateController().getSessionStateChanges();
            return changes == null ? null
                    : known.parsePosition(trackedGtid(changes.getSessionStateChangesList(), known));
        } catch (LinkageError | RuntimeException e) {
            apiMissing(e);
            return null;
        }
    }

    /** A position covering the last commit of this connection's session (one round trip); null if it has none. */
    ReplicationPosition asked(Connection connection) throws SQLException {
        ServerKind known = kindOf(connection);
        try (Statement select = connection.createStatement();
             ResultSet result = select.executeQuery(known.lastGtidSql())) {
            return result.next() ? known.parsePosition(result.getString(1)) : null;
        }
    }

    /** The last GTID among one response's session state changes, or null. */
    static String trackedGtid(List<SessionStateChange> changes, ServerKind kind) {
        String gtid = null;
        for (SessionStateChange change : changes) {
            List<String> values = change.getValues();
            if (kind.isMariaDb()) {
                if (change.getType() == ServerSessionStateController.SESSION_TRACK_SYSTEM_VARIABLES
                        && values.size() >= 2 && "last_gtid".equalsIgnoreCase(values.get(0))) {
                    gtid = values.get(1);
                }
            } else if (change.getType() == ServerSessionStateController.SESSION_TRACK_GTIDS && !values.isEmpty()) {
                gtid = values.get(values.size() - 1);
            }
        }
        return gtid;
    }

    private static MysqlConnection server(Connection connection) {
        try {
            return connection.isWrapperFor(MysqlConnection.class) ? connection.unwrap(MysqlConnection.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static boolean trackingRequested(MysqlConnection server) {
        return Boolean.TRUE.equals(server.getPropertySet().getBooleanProperty(PropertyKey.trackSessionState)
                .getValue());
    }
}
