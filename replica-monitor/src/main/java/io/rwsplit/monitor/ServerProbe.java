package io.rwsplit.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Probes one server, whatever its role, over its probe connection: first its server id, {@code read_only},
 * replication position and clock in one round trip, then its replication status. A server that may be the primary
 * (the current one, or writable and not replicating) also gets its binary log coordinates when it has no GTIDs, the
 * heartbeat written (on the current primary only) and, with discovery, its replicas listed; any other server that
 * replicates gets the heartbeat read.
 */
final class ServerProbe {

    private static final int NO_SUCH_TABLE = 1146;
    private static final int NO_SUCH_DATABASE = 1049;

    /**
     * One probe's outcome.
     *
     * @param serverId        {@code @@server_id}
     * @param readOnly        {@code @@read_only}
     * @param row             the replication status; null when the probe failed
     * @param position        the server's own position (GTID, else binary log coordinates when it was read); null
     *                        when unknown
     * @param readNanos       when position and clock were read (middle of that round trip)
     * @param clockMicros     the server's UTC clock at {@code readNanos}
     * @param statusNanos     when the replication status was read (middle of that round trip)
     * @param heartbeatWritten whether the heartbeat was written
     * @param heartbeatError  why writing the heartbeat failed; null when written or not tried
     * @param heartbeatMicros the heartbeat timestamp the server has applied; null when none or not read
     * @param listed          the replicas the server lists; null when not asked or the listing failed
     * @param listError       why listing the replicas failed; null when it did not
     * @param startNanos      when the probe began
     * @param endNanos        when it ended
     * @param error           why the probe failed; null when it succeeded
     */
    record Sample(long serverId, boolean readOnly, ReplicationRow row, ReplicationPosition position, long readNanos,
                  long clockMicros, long statusNanos, boolean heartbeatWritten, String heartbeatError,
                  Long heartbeatMicros, List<ListedReplica> listed, String listError, long startNanos,
                  long endNanos, String error) {

        static Sample failure(String error, long startNanos, long endNanos) {
            return new Sample(0, false, null, null, endNanos, 0, endNanos, false, null, null, null, null,
                    startNanos, endNanos, error);
        }

        boolean failed() {
            return error != null;
        }

        long micros() {
            return (endNanos - startNanos) / 1_000;
        }

        /** Reachable, writable and not replicating: what only a primary should be. */
        boolean primaryCandidate() {
            return !failed() && !readOnly && !row.replicating();
        }
    }

    private final ProbeConnection connection;
    private final Heartbeat heartbeat;
    private final LongSupplier nanos;
    private boolean tableChecked;

    /** @param heartbeat null when the heartbeat is off */
    ServerProbe(ProbeConnection connection, Heartbeat heartbeat, LongSupplier nanos) {
        this.connection = connection;
        this.heartbeat = heartbeat;
        this.nanos = nanos;
    }

    ProbeConnection connection() {
        return connection;
    }

    /**
     * @param currentPrimary whether the monitor believes this server is the primary: the heartbeat is written
     * @param listReplicas   whether to list its replicas when it may be the primary
     */
    Sample run(boolean currentPrimary, boolean listReplicas) {
        long start = nanos.getAsLong();
        try {
            Connection open = connection.open();
            ServerKind kind = connection.serverKind();
            long before = nanos.getAsLong();
            long serverId;
            boolean readOnly;
            String gtidText;
            String clockText;
            try (Statement statement = open.createStatement();
                 ResultSet resultSet = statement.executeQuery("SELECT @@GLOBAL.server_id, @@GLOBAL.read_only, "
                         + kind.primaryGtidVariable() + ", " + Heartbeat.NOW_SQL)) {
                resultSet.next();
                serverId = Long.parseLong(resultSet.getString(1).strip());
                String readOnlyText = resultSet.getString(2).strip();
                readOnly = readOnlyText.equals("1") || readOnlyText.equalsIgnoreCase("ON");
                gtidText = resultSet.getString(3);
                clockText = resultSet.getString(4);
            }
            long read = before + (nanos.getAsLong() - before) / 2;
            before = nanos.getAsLong();
            List<Row> rows;
            try (Statement statement = open.createStatement();
                 ResultSet resultSet = statement.executeQuery(kind.replicaStatusSql())) {
                rows = Row.readAll(resultSet);
            }
            long statusRead = before + (nanos.getAsLong() - before) / 2;
            ReplicationRow row = kind.parseReplicaStatus(rows);
            ReplicationPosition position = kind.parseGtid(gtidText);
            boolean mayBePrimary = currentPrimary || !readOnly && !row.replicating();
            boolean written = false;
            String heartbeatError = null;
            Long beat = null;
            List<ListedReplica> listed = null;
            String listError = null;
            if (mayBePrimary) {
                if (position.isEmpty()) {
                    try (Statement statement = open.createStatement();
                         ResultSet resultSet = statement.executeQuery(kind.primaryBinlogSql())) {
                        position = kind.parsePrimaryBinlog(Row.readAll(resultSet));
                    }
                }
                if (heartbeat != null && currentPrimary) {
                    try {
                        writeHeartbeat(open, clockText);
                        written = true;
                    } catch (SQLException e) {
                        heartbeatError = Texts.describe(e);
                    }
                }
                if (listReplicas) {
                    try (Statement statement = open.createStatement();
                         ResultSet resultSet = statement.executeQuery(kind.replicaHostsSql())) {
                        listed = kind.parseReplicaHosts(Row.readAll(resultSet));
                    } catch (SQLException e) {
                        listError = Texts.describe(e);
                    }
                }
            } else if (heartbeat != null && row.configured()) {
                beat = readHeartbeat(open);
            }
            return new Sample(serverId, readOnly, row, position.isEmpty() ? null : position, read,
                    Heartbeat.parseMicros(clockText), statusRead, written, heartbeatError, beat, listed, listError,
                    start, nanos.getAsLong(), null);
        } catch (SQLException | RuntimeException e) {
            connection.discard();
            return Sample.failure(Texts.describe(e), start, nanos.getAsLong());
        }
    }

    private Long readHeartbeat(Connection open) throws SQLException {
        try (Statement statement = open.createStatement();
             ResultSet resultSet = statement.executeQuery(heartbeat.readSql())) {
            if (!resultSet.next()) {
                return null;
            }
            String text = resultSet.getString(1);
            return text == null ? null : Heartbeat.parseMicros(text);
        } catch (SQLException e) {
            if (e.getErrorCode() == NO_SUCH_TABLE || e.getErrorCode() == NO_SUCH_DATABASE) {
                return null;
            }
            throw e;
        }
    }

    private void writeHeartbeat(Connection open, String clockText) throws SQLException {
        if (!tableChecked) {
            createTable(open);
            tableChecked = true;
        }
        try (PreparedStatement statement = open.prepareStatement(heartbeat.writeSql())) {
            statement.setString(1, clockText);
            statement.executeUpdate();
        } catch (SQLException e) {
            if (e.getErrorCode() == NO_SUCH_TABLE || e.getErrorCode() == NO_SUCH_DATABASE) {
                tableChecked = false;
            }
            throw e;
        }
    }

    /** Creates the table (and its schema when missing); a privilege error is left to the write that follows. */
    private void createTable(Connection open) throws SQLException {
        try (Statement statement = open.createStatement()) {
            try {
                statement.execute(heartbeat.createTableSql());
            } catch (SQLException e) {
                if (e.getErrorCode() != NO_SUCH_DATABASE) {
                    return;
                }
                statement.execute(heartbeat.createSchemaSql());
                statement.execute(heartbeat.createTableSql());
            }
        }
    }
}
