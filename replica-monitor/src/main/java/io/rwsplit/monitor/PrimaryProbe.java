package io.rwsplit.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongSupplier;

/**
 * Reads the primary's replication position and clock in one round trip, then writes the heartbeat if it is on
 * (creating its table the first time).
 */
final class PrimaryProbe {

    private static final int NO_SUCH_TABLE = 1146;
    private static final int NO_SUCH_DATABASE = 1049;

    /**
     * One probe's outcome.
     *
     * @param position       the primary's GTID position, or its binary log coordinates when it has no GTIDs; null
     *                       when unknown
     * @param readNanos      when position and clock were read (middle of the round trip)
     * @param clockMicros    the primary's UTC clock at {@code readNanos}, in microseconds
     * @param heartbeatError why writing the heartbeat failed; null when it was written or is off
     * @param startNanos     when the probe began
     * @param endNanos       when it ended
     * @param error          why the probe failed; null when it succeeded
     */
    record Sample(ReplicationPosition position, long readNanos, long clockMicros, boolean heartbeatWritten,
                  String heartbeatError, long startNanos, long endNanos, String error) {

        boolean failed() {
            return error != null;
        }
    }

    private final ProbeConnection connection;
    private final Heartbeat heartbeat;
    private final LongSupplier nanos;
    private boolean tableChecked;

    /** @param heartbeat null when the heartbeat is off */
    PrimaryProbe(ProbeConnection connection, Heartbeat heartbeat, LongSupplier nanos) {
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
            String gtidText;
            String clockText;
            try (Statement statement = open.createStatement();
                 ResultSet resultSet = statement.executeQuery(
                         "SELECT " + kind.primaryGtidVariable() + ", " + Heartbeat.NOW_SQL)) {
                resultSet.next();
                gtidText = resultSet.getString(1);
                clockText = resultSet.getString(2);
            }
            long read = before + (nanos.getAsLong() - before) / 2;
            ReplicationPosition position = kind.parseGtid(gtidText);
            if (position.isEmpty()) {
                try (Statement statement = open.createStatement();
                     ResultSet resultSet = statement.executeQuery(kind.primaryBinlogSql())) {
                    position = kind.parsePrimaryBinlog(Row.readAll(resultSet));
                }
            }
            String heartbeatError = null;
            boolean written = false;
            if (heartbeat != null) {
                try {
                    writeHeartbeat(open, clockText);
                    written = true;
                } catch (SQLException e) {
                    heartbeatError = Texts.describe(e);
                }
            }
            return new Sample(position, read, Heartbeat.parseMicros(clockText), written, heartbeatError, start,
                    nanos.getAsLong(), null);
        } catch (SQLException | RuntimeException e) {
            connection.discard();
            long end = nanos.getAsLong();
            return new Sample(null, end, 0, false, null, start, end, Texts.describe(e));
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
