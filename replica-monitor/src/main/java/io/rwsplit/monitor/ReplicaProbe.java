package io.rwsplit.monitor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongSupplier;

/** Reads one replica's replication status (and heartbeat) over its probe connection. */
final class ReplicaProbe {

    /** Error 1146 (table doesn't exist) and 1049 (unknown database): no heartbeat yet, not a failure. */
    private static final int NO_SUCH_TABLE = 1146;
    private static final int NO_SUCH_DATABASE = 1049;

    /**
     * One probe's outcome.
     *
     * @param row             the parsed status; null when the probe failed
     * @param heartbeatMicros the heartbeat timestamp the replica has applied, UTC microseconds; null when none
     * @param startNanos      when the probe began
     * @param readNanos       when the status was read (middle of its round trip)
     * @param endNanos        when the probe ended
     * @param error           why the probe failed; null when it succeeded
     */
    record Sample(ReplicationRow row, Long heartbeatMicros, long startNanos, long readNanos, long endNanos,
                  String error) {

        boolean failed() {
            return error != null;
        }

        long micros() {
            return (endNanos - startNanos) / 1_000;
        }
    }

    private final ProbeConnection connection;
    private final Heartbeat heartbeat;
    private final LongSupplier nanos;

    /** @param heartbeat null when the heartbeat is off */
    ReplicaProbe(ProbeConnection connection, Heartbeat heartbeat, LongSupplier nanos) {
        this.connection = connection;
        this.heartbeat = heartbeat;
        this.nanos = nanos;
    }

    ProbeConnection connection() {
        return connection;
    }

    Sample run() {
        long start = nanos.getAsLong();
        try {
            Connection open = connection.open();
            ServerKind kind = connection.serverKind();
            long before = nanos.getAsLong();
            List<Row> rows;
            try (Statement statement = open.createStatement();
                 ResultSet resultSet = statement.executeQuery(kind.replicaStatusSql())) {
                rows = Row.readAll(resultSet);
            }
            long read = before + (nanos.getAsLong() - before) / 2;
            ReplicationRow row = kind.parseReplicaStatus(rows);
            Long beat = heartbeat == null ? null : readHeartbeat(open);
            return new Sample(row, beat, start, read, nanos.getAsLong(), null);
        } catch (SQLException | RuntimeException e) {
            connection.discard();
            long end = nanos.getAsLong();
            return new Sample(null, null, start, end, end, Texts.describe(e));
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
}
