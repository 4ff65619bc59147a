package io.rwsplit.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replica status rows with every column, named exactly as each server family names them: MariaDB's
 * {@code SHOW ALL REPLICAS STATUS} (as MariaDB 10.11 returns it), MySQL 8.0.22+/8.4 {@code SHOW REPLICA STATUS} and
 * MySQL 5.7 {@code SHOW SLAVE STATUS}, each describing a healthy, caught-up replica. Tests override what they need.
 */
final class StatusRows {

    static final String SOURCE_UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    private StatusRows() {
    }

    static Map<String, String> mariaDb() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Connection_name", "");
        row.put("Slave_SQL_State", "Slave has read all relay log; waiting for more updates");
        row.put("Slave_IO_State", "Waiting for master to send event");
        row.put("Master_Host", "127.0.0.1");
        row.put("Master_User", "repl");
        row.put("Master_Port", "3306");
        row.put("Connect_Retry", "1");
        row.put("Master_Log_File", "binlog.000001");
        row.put("Read_Master_Log_Pos", "1459");
        row.put("Relay_Log_File", "relay-bin.000002");
        row.put("Relay_Log_Pos", "1755");
        row.put("Relay_Master_Log_File", "binlog.000001");
        row.put("Slave_IO_Running", "Yes");
        row.put("Slave_SQL_Running", "Yes");
        row.put("Replicate_Do_DB", "");
        row.put("Replicate_Ignore_DB", "");
        row.put("Replicate_Do_Table", "");
        row.put("Replicate_Ignore_Table", "");
        row.put("Replicate_Wild_Do_Table", "");
        row.put("Replicate_Wild_Ignore_Table", "");
        row.put("Last_Errno", "0");
        row.put("Last_Error", "");
        row.put("Skip_Counter", "0");
        row.put("Exec_Master_Log_Pos", "1459");
        row.put("Relay_Log_Space", "2058");
        row.put("Until_Condition", "None");
        row.put("Until_Log_File", "");
        row.put("Until_Log_Pos", "0");
        row.put("Master_SSL_Allowed", "No");
        row.put("Master_SSL_CA_File", "");
        row.put("Master_SSL_CA_Path", "");
        row.put("Master_SSL_Cert", "");
        row.put("Master_SSL_Cipher", "");
        row.put("Master_SSL_Key", "");
        row.put("Seconds_Behind_Master", "0");
        row.put("Master_SSL_Verify_Server_Cert", "No");
        row.put("Last_IO_Errno", "0");
        row.put("Last_IO_Error", "");
        row.put("Last_SQL_Errno", "0");
        row.put("Last_SQL_Error", "");
        row.put("Replicate_Ignore_Server_Ids", "");
        row.put("Master_Server_Id", "1");
        row.put("Master_SSL_Crl", "");
        row.put("Master_SSL_Crlpath", "");
        row.put("Using_Gtid", "Slave_Pos");
        row.put("Gtid_IO_Pos", "0-1-7");
        row.put("Replicate_Do_Domain_Ids", "");
        row.put("Replicate_Ignore_Domain_Ids", "");
        row.put("Parallel_Mode", "optimistic");
        row.put("SQL_Delay", "0");
        row.put("SQL_Remaining_Delay", null);
        row.put("Slave_SQL_Running_State", "Slave has read all relay log; waiting for more updates");
        row.put("Slave_DDL_Groups", "7");
        row.put("Slave_Non_Transactional_Groups", "0");
        row.put("Slave_Transactional_Groups", "0");
        row.put("Replicate_Rewrite_DB", "");
        row.put("Retried_transactions", "0");
        row.put("Max_relay_log_size", "1073741824");
        row.put("Executed_log_entries", "21");
        row.put("Slave_received_heartbeats", "0");
        row.put("Slave_heartbeat_period", "1.0");
        row.put("Gtid_Slave_Pos", "0-1-7");
        return row;
    }

    static Map<String, String> mySql84() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Replica_IO_State", "Waiting for source to send event");
        row.put("Source_Host", "127.0.0.1");
        row.put("Source_User", "repl");
        row.put("Source_Port", "3306");
        row.put("Connect_Retry", "60");
        row.put("Source_Log_File", "binlog.000003");
        row.put("Read_Source_Log_Pos", "927");
        row.put("Relay_Log_File", "relay-bin.000002");
        row.put("Relay_Log_Pos", "1145");
        row.put("Relay_Source_Log_File", "binlog.000003");
        row.put("Replica_IO_Running", "Yes");
        row.put("Replica_SQL_Running", "Yes");
        row.put("Replicate_Do_DB", "");
        row.put("Replicate_Ignore_DB", "");
        row.put("Replicate_Do_Table", "");
        row.put("Replicate_Ignore_Table", "");
        row.put("Replicate_Wild_Do_Table", "");
        row.put("Replicate_Wild_Ignore_Table", "");
        row.put("Last_Errno", "0");
        row.put("Last_Error", "");
        row.put("Skip_Counter", "0");
        row.put("Exec_Source_Log_Pos", "927");
        row.put("Relay_Log_Space", "1355");
        row.put("Until_Condition", "None");
        row.put("Until_Log_File", "");
        row.put("Until_Log_Pos", "0");
        row.put("Source_SSL_Allowed", "No");
        row.put("Source_SSL_CA_File", "");
        row.put("Source_SSL_CA_Path", "");
        row.put("Source_SSL_Cert", "");
        row.put("Source_SSL_Cipher", "");
        row.put("Source_SSL_Key", "");
        row.put("Seconds_Behind_Source", "0");
        row.put("Source_SSL_Verify_Server_Cert", "No");
        row.put("Last_IO_Errno", "0");
        row.put("Last_IO_Error", "");
        row.put("Last_SQL_Errno", "0");
        row.put("Last_SQL_Error", "");
        row.put("Replicate_Ignore_Server_Ids", "");
        row.put("Source_Server_Id", "1");
        row.put("Source_UUID", SOURCE_UUID);
        row.put("Source_Info_File", "mysql.slave_master_info");
        row.put("SQL_Delay", "0");
        row.put("SQL_Remaining_Delay", null);
        row.put("Replica_SQL_Running_State", "Replica has read all relay log; waiting for more updates");
        row.put("Source_Retry_Count", "10");
        row.put("Source_Bind", "");
        row.put("Last_IO_Error_Timestamp", "");
        row.put("Last_SQL_Error_Timestamp", "");
        row.put("Source_SSL_Crl", "");
        row.put("Source_SSL_Crlpath", "");
        row.put("Retrieved_Gtid_Set", SOURCE_UUID + ":1-42");
        row.put("Executed_Gtid_Set", SOURCE_UUID + ":1-42");
        row.put("Auto_Position", "1");
        row.put("Replicate_Rewrite_DB", "");
        row.put("Channel_Name", "");
        row.put("Source_TLS_Version", "");
        row.put("Source_public_key_path", "");
        row.put("Get_Source_public_key", "0");
        row.put("Network_Namespace", "");
        return row;
    }

    static Map<String, String> mySql57() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Slave_IO_State", "Waiting for master to send event");
        row.put("Master_Host", "127.0.0.1");
        row.put("Master_User", "repl");
        row.put("Master_Port", "3306");
        row.put("Connect_Retry", "60");
        row.put("Master_Log_File", "mysql-bin.000007");
        row.put("Read_Master_Log_Pos", "5120");
        row.put("Relay_Log_File", "relay-bin.000004");
        row.put("Relay_Log_Pos", "320");
        row.put("Relay_Master_Log_File", "mysql-bin.000007");
        row.put("Slave_IO_Running", "Yes");
        row.put("Slave_SQL_Running", "Yes");
        row.put("Replicate_Do_DB", "");
        row.put("Replicate_Ignore_DB", "");
        row.put("Replicate_Do_Table", "");
        row.put("Replicate_Ignore_Table", "");
        row.put("Replicate_Wild_Do_Table", "");
        row.put("Replicate_Wild_Ignore_Table", "");
        row.put("Last_Errno", "0");
        row.put("Last_Error", "");
        row.put("Skip_Counter", "0");
        row.put("Exec_Master_Log_Pos", "5120");
        row.put("Relay_Log_Space", "527");
        row.put("Until_Condition", "None");
        row.put("Until_Log_File", "");
        row.put("Until_Log_Pos", "0");
        row.put("Master_SSL_Allowed", "No");
        row.put("Master_SSL_CA_File", "");
        row.put("Master_SSL_CA_Path", "");
        row.put("Master_SSL_Cert", "");
        row.put("Master_SSL_Cipher", "");
        row.put("Master_SSL_Key", "");
        row.put("Seconds_Behind_Master", "0");
        row.put("Master_SSL_Verify_Server_Cert", "No");
        row.put("Last_IO_Errno", "0");
        row.put("Last_IO_Error", "");
        row.put("Last_SQL_Errno", "0");
        row.put("Last_SQL_Error", "");
        row.put("Replicate_Ignore_Server_Ids", "");
        row.put("Master_Server_Id", "1");
        row.put("Master_UUID", SOURCE_UUID);
        row.put("Master_Info_File", "mysql.slave_master_info");
        row.put("SQL_Delay", "0");
        row.put("SQL_Remaining_Delay", null);
        row.put("Slave_SQL_Running_State", "Slave has read all relay log; waiting for more updates");
        row.put("Master_Retry_Count", "86400");
        row.put("Master_Bind", "");
        row.put("Last_IO_Error_Timestamp", "");
        row.put("Last_SQL_Error_Timestamp", "");
        row.put("Master_SSL_Crl", "");
        row.put("Master_SSL_Crlpath", "");
        row.put("Retrieved_Gtid_Set", "");
        row.put("Executed_Gtid_Set", "");
        row.put("Auto_Position", "0");
        row.put("Replicate_Rewrite_DB", "");
        row.put("Channel_Name", "");
        row.put("Master_TLS_Version", "");
        return row;
    }

    /** A row with some columns changed. */
    static Row with(Map<String, String> row, String... columnsAndValues) {
        Map<String, String> copy = new LinkedHashMap<>(row);
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            if (!copy.containsKey(columnsAndValues[i])) {
                throw new IllegalArgumentException("no column " + columnsAndValues[i]);
            }
            copy.put(columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return Row.of(copy);
    }
}
