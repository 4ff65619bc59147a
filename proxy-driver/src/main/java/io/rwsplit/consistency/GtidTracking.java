package io.rwsplit.consistency;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.protocol.ServerSessionStateController;
import com.mysql.cj.protocol.ServerSessionStateController.ServerSessionStateChanges;
import com.mysql.cj.protocol.ServerSessionStateController.SessionStateChange;
import io.rwsplit.monitor.ReplicationPosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Learns the GTID of a write from the primary. With session tracking on (Connector/J's {@code trackSessionState}
 * and, on MariaDB, {@code last_gtid} among the tracked variables; on MySQL {@code session_track_gtids=OWN_GTID}) it
 * comes in the statement's own OK packet; otherwise one {@code SELECT} after the write asks for it.
 */
final class GtidTracking {

    /** Keeps the server's default tracked variables and adds last_gtid once. */
    private static final String MARIADB_TRACK = "SET SESSION session_track_system_variables = "
            + "IF(FIND_IN_SET('last_gtid', @@session_track_system_variables) > 0, @@session_track_system_variables, "
            + "CONCAT_WS(',', NULLIF(@@session_track_system_variables, ''), 'last_gtid'))";
    private static final String MYSQL_TRACK = "SET SESSION session_track_gtids = OWN_GTID";

    /** Server connections (not pool proxies, which change per borrow) that track already. */
    private final Map<Object, Boolean> tracking = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile Flavor flavor;

    /** The servers' dialect, known after the first primary connection was looked at; null before. */
    Flavor flavor() {
        return flavor;
    }

    /** Turns tracking on for this server connection unless it is on already; remembers when it cannot be. */
    void enable(Connection connection) throws SQLException {
        Flavor known = flavorOf(connection);
        MysqlConnection server = server(connection);
        Object key = server == null ? connection : server;
        if (tracking.containsKey(key)) {
            return;
        }
        boolean on = false;
        if (server != null && trackingRequested(server)) {
            try (Statement set = connection.createStatement()) {
                set.execute(known == Flavor.MARIADB ? MARIADB_TRACK : MYSQL_TRACK);
                on = true;
            } catch (SQLException e) {
                // e.g. a server without the variable: fall back to asking after each write
                on = false;
            }
        }
        tracking.put(key, on);
    }

    /** The GTID the last statement on this connection committed, or null when it committed none. */
    ReplicationPosition lastGtid(Connection connection) throws SQLException {
        Flavor known = flavorOf(connection);
        MysqlConnection server = server(connection);
        Object key = server == null ? connection : server;
        if (Boolean.TRUE.equals(tracking.get(key))) {
            String gtid = tracked(server, known);
            return gtid == null || gtid.isBlank() ? null : known.parse(gtid);
        }
        try (Statement select = connection.createStatement();
             ResultSet result = select.executeQuery(known == Flavor.MARIADB
                     ? "SELECT @@last_gtid" : "SELECT @@global.gtid_executed")) {
            String gtid = result.next() ? result.getString(1) : null;
            return gtid == null || gtid.isBlank() ? null : known.parse(gtid);
        }
    }

    /** The last GTID in the session state changes of the last response, or null. */
    static String tracked(MysqlConnection server, Flavor flavor) {
        ServerSessionStateChanges changes = server.getServerSessionStateController().getSessionStateChanges();
        if (changes == null) {
            return null;
        }
        String gtid = null;
        for (SessionStateChange change : changes.getSessionStateChangesList()) {
            List<String> values = change.getValues();
            if (flavor == Flavor.MARIADB) {
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

    private Flavor flavorOf(Connection connection) throws SQLException {
        Flavor known = flavor;
        if (known == null) {
            known = Flavor.ofServerVersion(connection.getMetaData().getDatabaseProductVersion());
            flavor = known;
        }
        return known;
    }

    private static MysqlConnection server(Connection connection) {
        try {
            return connection.isWrapperFor(MysqlConnection.class) ? connection.unwrap(MysqlConnection.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static boolean trackingRequested(MysqlConnection server) {
        return Boolean.TRUE.equals(server.getPropertySet().getBooleanProperty(
                com.mysql.cj.conf.PropertyKey.trackSessionState).getValue());
    }
}
