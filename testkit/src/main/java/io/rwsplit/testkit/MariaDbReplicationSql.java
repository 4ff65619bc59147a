package io.rwsplit.testkit;

import java.time.Duration;
import java.util.List;

/** MariaDB 10.6+: GTIDs in domain-server-sequence form, {@code MASTER_GTID_WAIT}, {@code SHOW SLAVE STATUS}. */
final class MariaDbReplicationSql implements ReplicationSql {

    @Override
    public String primaryPosition() {
        return "SELECT @@GLOBAL.gtid_binlog_pos";
    }

    @Override
    public String appliedPosition() {
        return "SELECT @@GLOBAL.gtid_slave_pos";
    }

    @Override
    public String waitForPosition() {
        return "SELECT MASTER_GTID_WAIT(?, ?)";
    }

    @Override
    public Object waitTimeout(Duration timeout) {
        return Math.max(0.001, timeout.toMillis() / 1000.0);
    }

    @Override
    public boolean reached(String result) {
        return "0".equals(result);
    }

    @Override
    public String stopApplier() {
        return "STOP SLAVE SQL_THREAD";
    }

    @Override
    public String startReplication() {
        return "START SLAVE";
    }

    @Override
    public List<String> setDelay(int seconds, boolean applierRunning) {
        // MariaDB changes MASTER_DELAY only with both threads stopped.
        return List.of("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = " + seconds,
                applierRunning ? "START SLAVE" : "START SLAVE IO_THREAD");
    }

    @Override
    public String status() {
        return "SHOW SLAVE STATUS";
    }

    @Override
    public String applierRunningColumn() {
        return "Slave_SQL_Running";
    }

    @Override
    public List<String> diagnosticColumns() {
        return List.of("Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master", "SQL_Delay", "Gtid_IO_Pos",
                "Last_IO_Error", "Last_SQL_Error");
    }

    @Override
    public String receivedColumn() {
        return "Gtid_IO_Pos";
    }

    @Override
    public List<String> pointTo(String host, int port, String password, String fromPosition) {
        List<String> statements = new java.util.ArrayList<>();
        statements.add("STOP SLAVE");
        if (fromPosition != null) {
            statements.add("SET GLOBAL gtid_slave_pos = '" + fromPosition + "'");
        }
        statements.add("CHANGE MASTER TO MASTER_HOST = '" + host + "', MASTER_PORT = " + port
                + ", MASTER_USER = 'repl', MASTER_PASSWORD = '" + password + "', MASTER_USE_GTID = slave_pos, "
                + "MASTER_CONNECT_RETRY = 1, MASTER_HEARTBEAT_PERIOD = 1");
        statements.add("START SLAVE");
        return statements;
    }

    @Override
    public List<String> forgetSource() {
        return List.of("STOP SLAVE", "RESET SLAVE ALL");
    }

    @Override
    public List<String> readOnly(boolean readOnly) {
        return List.of("SET GLOBAL read_only = " + (readOnly ? "ON" : "OFF"));
    }

    @Override
    public List<String> semiSyncPrimary(boolean on) {
        return on ? List.of("SET GLOBAL rpl_semi_sync_master_wait_point = AFTER_SYNC",
                "SET GLOBAL rpl_semi_sync_master_timeout = 10000", "SET GLOBAL rpl_semi_sync_master_wait_no_slave = OFF",
                "SET GLOBAL rpl_semi_sync_master_enabled = ON")
                : List.of("SET GLOBAL rpl_semi_sync_master_enabled = OFF");
    }
}
