package io.rwsplit.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sets up GTID replication and drives it, over root connections the caller opens and closes. */
final class Replication {

    private final Flavor flavor;
    private final ReplicationSql sql;

    Replication(Flavor flavor) {
        this.flavor = flavor;
        this.sql = ReplicationSql.of(flavor);
    }

    /** Creates the schema and the app, monitor and replication accounts; the replicas receive them by replication. */
    void setUpPrimary(Connection root, String schema) throws SQLException {
        run(root, "primary-init.sql", Map.of(
                "SCHEMA", schema,
                "APP_PASSWORD", Accounts.APP.password(),
                "MONITOR_PASSWORD", Accounts.MONITOR.password(),
                "REPLICATION_PASSWORD", Accounts.REPLICATION.password()));
    }

    /** Points the replica at the primary with GTID auto-positioning and starts replicating. */
    void setUpReplica(Connection root, ClusterNode primary) throws SQLException {
        run(root, "replica-init.sql", Map.of(
                "SOURCE_HOST", primary.host(),
                "SOURCE_PORT", Integer.toString(primary.port()),
                "REPLICATION_PASSWORD", Accounts.REPLICATION.password()));
    }

    private void run(Connection root, String script, Map<String, String> values) throws SQLException {
        for (String statement : SqlScript.load(DataDirTemplate.folder(flavor) + "/" + script, values)) {
            Sql.execute(root, statement);
        }
    }

    void stopApplier(Connection replica) throws SQLException {
        Sql.execute(replica, sql.stopApplier());
    }

    void start(Connection replica) throws SQLException {
        Sql.execute(replica, sql.startReplication());
    }

    void setDelay(Connection replica, int seconds) throws SQLException {
        boolean applierRunning = "Yes".equalsIgnoreCase(status(replica).get(sql.applierRunningColumn()));
        for (String statement : sql.setDelay(seconds, applierRunning)) {
            Sql.execute(replica, statement);
        }
    }

    String primaryPosition(Connection primary) throws SQLException {
        String position = Sql.queryString(primary, sql.primaryPosition());
        return position == null ? "" : position;
    }

    /** Waits on the replica until it has applied the position; false on timeout. */
    boolean awaitPosition(Connection replica, String position, Duration timeout) throws SQLException {
        return sql.reached(Sql.queryString(replica, sql.waitForPosition(), position, sql.waitTimeout(timeout)));
    }

    /** What the replica has applied and how its threads are, for error messages. */
    String describe(Connection replica) throws SQLException {
        Map<String, String> status = status(replica);
        StringBuilder text = new StringBuilder("applied=").append(Sql.queryString(replica, sql.appliedPosition()));
        if (status.isEmpty()) {
            return text.append(", not configured as a replica").toString();
        }
        for (String column : sql.diagnosticColumns()) {
            text.append(", ").append(column).append('=').append(status.get(column));
        }
        return text.toString();
    }

    private Map<String, String> status(Connection replica) throws SQLException {
        Map<String, String> status = new LinkedHashMap<>();
        try (Statement statement = replica.createStatement(); ResultSet rows = statement.executeQuery(sql.status())) {
            if (rows.next()) {
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    status.put(rows.getMetaData().getColumnLabel(column), rows.getString(column));
                }
            }
        }
        return status;
    }

    List<String> diagnosticColumns() {
        return sql.diagnosticColumns();
    }
}
