package io.rwsplit.testkit;

import java.time.Duration;
import java.util.List;

/** MySQL 8.0.23+ and 8.4: GTID sets, {@code WAIT_FOR_EXECUTED_GTID_SET}, {@code SHOW REPLICA STATUS}. */
final class MySqlReplicationSql implements ReplicationSql {

    @Override
    public String primaryPosition() {
        return "SELECT @@GLOBAL.gtid_executed";
    }

    @Override
    public String appliedPosition() {
        return "SELECT @@GLOBAL.gtid_executed";
    }

    @Override
    public String waitForPosition() {
        return "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)";
    }

    @Override
    public Object waitTimeout(Duration timeout) {
        // Whole seconds, at least one: before 8.0.18 a timeout of 0 meant waiting for ever.
        return Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    @Override
    public boolean reached(String result) {
        return "0".equals(result);
    }

    @Override
    public String stopApplier() {
        return "STOP REPLICA SQL_THREAD";
    }

    @Override
    public String startReplication() {
        return "START REPLICA";
    }

    @Override
    public List<String> setDelay(int seconds, boolean applierRunning) {
        // MySQL changes SOURCE_DELAY with only the applier stopped; the receiver keeps fetching.
        String change = "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + seconds;
        return applierRunning
                ? List.of("STOP REPLICA SQL_THREAD", change, "START REPLICA SQL_THREAD")
                : List.of(change);
    }

    @Override
    public String status() {
        return "SHOW REPLICA STATUS";
    }

    @Override
    public String applierRunningColumn() {
        return "Replica_SQL_Running";
    }

    @Override
    public List<String> diagnosticColumns() {
        return List.of("Replica_IO_Running", "Replica_SQL_Running", "Seconds_Behind_Source", "SQL_Delay",
                "Retrieved_Gtid_Set", "Last_IO_Error", "Last_SQL_Error");
    }

    @Override
    public String receivedColumn() {
        return "Retrieved_Gtid_Set";
    }

    @Override
    public List<String> pointTo(String host, int port, String password, String fromPosition) {
        // Auto-positioning sends what the server lacks of the source's GTID set: no position to give.
        return List.of("STOP REPLICA", "CHANGE REPLICATION SOURCE TO SOURCE_HOST = '" + host + "', SOURCE_PORT = "
                + port + ", SOURCE_USER = 'repl', SOURCE_PASSWORD = '" + password + "', SOURCE_AUTO_POSITION = 1, "
                + "SOURCE_CONNECT_RETRY = 1, SOURCE_HEARTBEAT_PERIOD = 1, GET_SOURCE_PUBLIC_KEY = 1",
                "START REPLICA");
    }

    @Override
    public List<String> forgetSource() {
        return List.of("STOP REPLICA", "RESET REPLICA ALL");
    }

    @Override
    public List<String> readOnly(boolean readOnly) {
        // super_read_only=ON implies read_only=ON; read_only=OFF implies super_read_only=OFF.
        return List.of(readOnly ? "SET GLOBAL super_read_only = ON" : "SET GLOBAL read_only = OFF");
    }

    @Override
    public List<String> semiSyncPrimary(boolean on) {
        return on ? List.of("SET GLOBAL rpl_semi_sync_source_wait_point = AFTER_SYNC",
                "SET GLOBAL rpl_semi_sync_source_timeout = 10000", "SET GLOBAL rpl_semi_sync_source_wait_no_replica = OFF",
                "SET GLOBAL rpl_semi_sync_source_enabled = ON")
                : List.of("SET GLOBAL rpl_semi_sync_source_enabled = OFF");
    }
}
