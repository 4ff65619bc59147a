package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    @Test
    void quotesTheTableInEveryStatement() {
        Heartbeat heartbeat = new Heartbeat("rwsplit.heartbeat");
        assertThat(heartbeat.createSchemaSql()).isEqualTo("CREATE DATABASE IF NOT EXISTS `rwsplit`");
        assertThat(heartbeat.createTableSql()).isEqualTo("CREATE TABLE IF NOT EXISTS `rwsplit`.`heartbeat` "
                + "(id INT PRIMARY KEY, ts DATETIME(6) NOT NULL)");
        assertThat(heartbeat.writeSql()).isEqualTo("REPLACE INTO `rwsplit`.`heartbeat` (id, ts) VALUES (1, ?)");
        assertThat(heartbeat.readSql()).isEqualTo("SELECT DATE_FORMAT(ts, '%Y-%m-%d %H:%i:%s.%f') FROM "
                + "`rwsplit`.`heartbeat` WHERE id = 1");
    }

    @Test
    void readsTimestampsAsUtcMicroseconds() {
        long micros = Heartbeat.parseMicros("2026-11-25 10:28:49.672551");
        assertThat(micros).isEqualTo(Instant.parse("2026-11-25T10:28:49.672551Z").toEpochMilli() * 1000 + 551);
        assertThat(Heartbeat.parseMicros("2026-11-25 10:28:50.000000") - micros).isEqualTo(327_449);
        assertThatThrownBy(() -> Heartbeat.parseMicros("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yesterday");
    }
}
