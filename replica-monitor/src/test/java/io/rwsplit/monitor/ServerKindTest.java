package io.rwsplit.monitor;

import static io.rwsplit.monitor.StatusRows.SOURCE_UUID;
import static io.rwsplit.monitor.StatusRows.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerKindTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "5.5.5-10.11.19-MariaDB-0+deb12u1, MARIADB",
        "10.11.19-MariaDB-0+deb12u1-log,   MARIADB",
        "10.6.18-MariaDB-log,              MARIADB",
        "10.5.0-MariaDB,                   MARIADB",
        "11.4.2-MariaDB-ubu2404,           MARIADB",
        "5.5.5-10.4.34-MariaDB,            MARIADB_BEFORE_10_5",
        "10.3.39-MariaDB-0+deb10u2,        MARIADB_BEFORE_10_5",
        "8.4.3,                            MYSQL_8_2",
        "8.2.0,                            MYSQL_8_2",
        "9.1.0-commercial,                 MYSQL_8_2",
        "8.1.0,                            MYSQL_8_0_22",
        "8.0.36,                           MYSQL_8_0_22",
        "8.0.36-0ubuntu0.22.04.1,          MYSQL_8_0_22",
        "8.0.22,                           MYSQL_8_0_22",
        "8.0.21,                           MYSQL_BEFORE_8_0_22",
        "5.7.44-log,                       MYSQL_BEFORE_8_0_22",
        "5.7.44-48-log,                    MYSQL_BEFORE_8_0_22",
        "something else,                   MYSQL_8_2",
        "MariaDB of the future,            MARIADB",
    })
    void detectsTheDialectFromTheVersion(String version, ServerKind dialect) {
        assertThat(ServerKind.detect(version)).isEqualTo(dialect);
    }

    @Test
    void usesEachFamilysStatements() {
        assertThat(ServerKind.MARIADB.replicaStatusSql()).isEqualTo("SHOW ALL REPLICAS STATUS");
        assertThat(ServerKind.MARIADB_BEFORE_10_5.replicaStatusSql()).isEqualTo("SHOW ALL SLAVES STATUS");
        assertThat(ServerKind.MYSQL_BEFORE_8_0_22.replicaStatusSql()).isEqualTo("SHOW SLAVE STATUS");
        assertThat(ServerKind.MYSQL_8_0_22.replicaStatusSql()).isEqualTo("SHOW REPLICA STATUS");
        assertThat(ServerKind.MYSQL_8_2.replicaStatusSql()).isEqualTo("SHOW REPLICA STATUS");
        assertThat(ServerKind.MARIADB.primaryGtidVariable()).isEqualTo("@@GLOBAL.gtid_binlog_pos");
        assertThat(ServerKind.MYSQL_8_2.primaryGtidVariable()).isEqualTo("@@GLOBAL.gtid_executed");
        assertThat(ServerKind.MYSQL_8_0_22.primaryBinlogSql()).isEqualTo("SHOW MASTER STATUS");
        assertThat(ServerKind.MYSQL_8_2.primaryBinlogSql()).isEqualTo("SHOW BINARY LOG STATUS");
    }

    @Test
    void readsAHealthyMariaDbReplica() {
        ReplicationRow row = ServerKind.MARIADB.parseReplicaStatus(List.of(Row.of(StatusRows.mariaDb())));
        assertThat(row.configured()).isTrue();
        assertThat(row.ioThreadRunning()).isTrue();
        assertThat(row.sqlThreadRunning()).isTrue();
        assertThat(row.hasIoError()).isFalse();
        assertThat(row.hasSqlError()).isFalse();
        assertThat(row.secondsBehind()).isZero();
        assertThat(row.gtidPosition()).isEqualTo(ReplicationPosition.parseMariaDbGtid("0-1-7"));
        assertThat(row.binlogPosition()).isEqualTo(ReplicationPosition.binlog("binlog.000001", 1459));
        assertThat(row.position()).hasToString("0-1-7");
        assertThat(row.sqlDelay()).isZero();
    }

    @Test
    void readsABrokenMariaDbReplica() {
        Row broken = with(StatusRows.mariaDb(), "Slave_SQL_Running", "No", "Last_SQL_Errno", "1062",
                "Last_SQL_Error", "Could not execute Write_rows_v1 event on table app.t; Duplicate entry '5' for key "
                        + "'PRIMARY'", "Last_Errno", "1062", "Seconds_Behind_Master", null);
        ReplicationRow row = ServerKind.MARIADB.parseReplicaStatus(List.of(broken));
        assertThat(row.sqlThreadRunning()).isFalse();
        assertThat(row.hasSqlError()).isTrue();
        assertThat(row.sqlErrno()).isEqualTo(1062);
        assertThat(row.sqlError()).contains("Duplicate entry '5'");
        assertThat(row.secondsBehind()).isNull();
    }

    @Test
    void readsAMariaDbReplicaWhoseIoThreadReconnects() {
        Row connecting = with(StatusRows.mariaDb(), "Slave_IO_Running", "Connecting", "Last_IO_Errno", "2003",
                "Last_IO_Error", "error reconnecting to master 'repl@127.0.0.1:3306' - retry-time: 1  maximum-retries: "
                        + "100000  message: Can't connect to server on '127.0.0.1' (111 \"Connection refused\")",
                "Seconds_Behind_Master", null);
        ReplicationRow row = ServerKind.MARIADB.parseReplicaStatus(List.of(connecting));
        assertThat(row.ioThreadRunning()).isFalse();
        assertThat(row.ioThreadConnecting()).isTrue();
        assertThat(row.ioErrno()).isEqualTo(2003);
        assertThat(row.secondsBehind()).isNull();
    }

    @Test
    void picksTheDefaultConnectionOfAMultiSourceMariaDbReplica() {
        Row other = with(StatusRows.mariaDb(), "Connection_name", "analytics", "Gtid_Slave_Pos", "0-1-7,5-9-100",
                "Slave_SQL_Running", "No");
        Row main = with(StatusRows.mariaDb(), "Gtid_Slave_Pos", "0-1-7,5-9-100");
        ReplicationRow row = ServerKind.MARIADB.parseReplicaStatus(List.of(other, main));
        assertThat(row.sqlThreadRunning()).isTrue();
        ReplicationRow onlyNamed = ServerKind.MARIADB.parseReplicaStatus(List.of(other));
        assertThat(onlyNamed.sqlThreadRunning()).isFalse();
    }

    @Test
    void readsAnEmptyResultAsNotConfigured() {
        for (ServerKind dialect : ServerKind.values()) {
            assertThat(dialect.parseReplicaStatus(List.of()).configured()).as(dialect.name()).isFalse();
        }
    }

    @Test
    void readsAMySql84Replica() {
        Row delayed = with(StatusRows.mySql84(), "Seconds_Behind_Source", "3", "SQL_Delay", "2",
                "Executed_Gtid_Set", SOURCE_UUID + ":1-40,\n2174b383-5441-11e8-b90a-c80aa9429562:1-3",
                "Exec_Source_Log_Pos", "900");
        ReplicationRow row = ServerKind.MYSQL_8_2.parseReplicaStatus(List.of(delayed));
        assertThat(row.ioThreadRunning()).isTrue();
        assertThat(row.sqlThreadRunning()).isTrue();
        assertThat(row.secondsBehind()).isEqualTo(3);
        assertThat(row.sqlDelay()).isEqualTo(2);
        assertThat(row.gtidPosition().covers(ReplicationPosition.parseMySqlGtidSet(SOURCE_UUID + ":40"))).isTrue();
        assertThat(row.gtidPosition().covers(ReplicationPosition.parseMySqlGtidSet(SOURCE_UUID + ":41"))).isFalse();
        assertThat(row.binlogPosition()).isEqualTo(ReplicationPosition.binlog("binlog.000003", 900));
        assertThat(ServerKind.MYSQL_8_0_22.parseReplicaStatus(List.of(delayed))).isEqualTo(row);
    }

    @Test
    void readsAStoppedMySql84Replica() {
        Row stopped = with(StatusRows.mySql84(), "Replica_IO_Running", "No", "Replica_SQL_Running", "No",
                "Seconds_Behind_Source", null);
        ReplicationRow row = ServerKind.MYSQL_8_2.parseReplicaStatus(List.of(stopped));
        assertThat(row.ioThreadRunning()).isFalse();
        assertThat(row.ioThreadConnecting()).isFalse();
        assertThat(row.sqlThreadRunning()).isFalse();
        assertThat(row.hasIoError()).isFalse();
        assertThat(row.hasSqlError()).isFalse();
        assertThat(row.secondsBehind()).isNull();
    }

    @Test
    void picksTheDefaultChannelOfAMultiSourceMySqlReplica() {
        Row other = with(StatusRows.mySql84(), "Channel_Name", "reports", "Replica_SQL_Running", "No");
        ReplicationRow row = ServerKind.MYSQL_8_2.parseReplicaStatus(List.of(other, Row.of(StatusRows.mySql84())));
        assertThat(row.sqlThreadRunning()).isTrue();
    }

    @Test
    void readsAMySql57ReplicaWithoutGtids() {
        Row lagging = with(StatusRows.mySql57(), "Seconds_Behind_Master", "12", "Exec_Master_Log_Pos", "4000",
                "Last_IO_Errno", "1236", "Last_IO_Error", "Got fatal error 1236 from master", "Slave_IO_Running", "No");
        ReplicationRow row = ServerKind.MYSQL_BEFORE_8_0_22.parseReplicaStatus(List.of(lagging));
        assertThat(row.ioThreadRunning()).isFalse();
        assertThat(row.hasIoError()).isTrue();
        assertThat(row.secondsBehind()).isEqualTo(12);
        assertThat(row.gtidPosition()).matches(ReplicationPosition::isEmpty);
        assertThat(row.position()).isEqualTo(ReplicationPosition.binlog("mysql-bin.000007", 4000));
        assertThat(row.comparableTo(ReplicationPosition.binlog("mysql-bin.000007", 5120)))
                .isEqualTo(ReplicationPosition.binlog("mysql-bin.000007", 4000));
    }

    @Test
    void comparesOnlyPositionsOfTheSameKind() {
        ReplicationRow row = ServerKind.MARIADB.parseReplicaStatus(List.of(Row.of(StatusRows.mariaDb())));
        assertThat(row.comparableTo(ReplicationPosition.parseMariaDbGtid("0-1-9"))).hasToString("0-1-7");
        assertThat(row.comparableTo(ReplicationPosition.binlog("binlog.000001", 1))).hasToString("binlog.000001:1459");
        assertThat(row.comparableTo(ReplicationPosition.parseMySqlGtidSet(SOURCE_UUID + ":1"))).isNull();
        assertThat(row.comparableTo(null)).isNull();
    }

    @Test
    void readsThePrimarysBinaryLogStatus() {
        Row status = Row.of(Map.of("File", "binlog.000001", "Position", "1459", "Binlog_Do_DB", "",
                "Binlog_Ignore_DB", ""));
        assertThat(ServerKind.MARIADB.parsePrimaryBinlog(List.of(status)))
                .isEqualTo(ReplicationPosition.binlog("binlog.000001", 1459));
        assertThat(ServerKind.MYSQL_8_2.parsePrimaryBinlog(List.of())).isNull();
    }
}
