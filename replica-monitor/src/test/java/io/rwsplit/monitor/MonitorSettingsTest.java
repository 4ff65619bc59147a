package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitorSettingsTest {

    @Test
    void hasTheDocumentedDefaults() {
        MonitorSettings settings = MonitorSettings.defaults();
        assertThat(settings.clusterName()).isEqualTo("rwsplit");
        assertThat(settings.maxLag()).isEqualTo(Duration.ofMillis(1000));
        assertThat(settings.restoreLag()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxTransactionsBehind()).isZero();
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.probeTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(settings.restoreDwell()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.lagSummaryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.heartbeatTable()).isEmpty();
    }

    @Test
    void restoreLagDefaultsToHalfTheMaxLag() {
        assertThat(MonitorSettings.builder().maxLag(Duration.ofSeconds(5)).build().restoreLag())
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(MonitorSettings.builder().maxLag(Duration.ofSeconds(5)).restoreLag(Duration.ofSeconds(1)).build()
                .restoreLag()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void keepsWhatWasSet() {
        MonitorSettings settings = MonitorSettings.builder()
                .clusterName(" orders-db ")
                .maxLag(Duration.ofSeconds(2))
                .restoreLag(Duration.ZERO)
                .maxTransactionsBehind(100)
                .pollInterval(Duration.ofMillis(100))
                .probeTimeout(Duration.ofMillis(500))
                .restoreDwell(Duration.ZERO)
                .lagSummaryInterval(Duration.ZERO)
                .heartbeatTable("rwsplit.heartbeat")
                .build();
        assertThat(settings.clusterName()).isEqualTo("orders-db");
        assertThat(settings.restoreLag()).isZero();
        assertThat(settings.maxTransactionsBehind()).isEqualTo(100);
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.lagSummaryInterval()).isZero();
        assertThat(settings.heartbeatTable()).contains("rwsplit.heartbeat");
        assertThat(settings).hasToString("MonitorSettings[clusterName=orders-db, maxLag=2000ms, restoreLag=0ms, "
                + "maxTransactionsBehind=100, pollInterval=100ms, probeTimeout=500ms, restoreDwell=0ms, "
                + "lagSummaryInterval=0ms, heartbeatTable=rwsplit.heartbeat, discoverReplicas=false]");
        assertThat(MonitorSettings.builder().heartbeatTable("  ").build().heartbeatTable()).isEmpty();
    }

    @Test
    void namesTheSettingTheValueAndTheRange() {
        assertThatThrownBy(() -> MonitorSettings.builder().pollInterval(Duration.ofMillis(50)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid replica monitor settings: pollInterval = 50ms: must be between 100ms and "
                        + "3600000ms");
        assertThatThrownBy(() -> MonitorSettings.builder().maxLag(Duration.ofMillis(-5)).build())
                .hasMessage("invalid replica monitor settings: maxLag = -5ms: must be between 0ms and 86400000ms");
        assertThatThrownBy(() -> MonitorSettings.builder().restoreLag(Duration.ofMillis(1500)).build())
                .hasMessage("invalid replica monitor settings: restoreLag = 1500ms: must be between 0ms and maxLag "
                        + "(1000ms)");
        assertThatThrownBy(() -> MonitorSettings.builder().maxTransactionsBehind(-1).build())
                .hasMessage("invalid replica monitor settings: maxTransactionsBehind = -1: must be >= 0 (0 means no "
                        + "limit)");
        assertThatThrownBy(() -> MonitorSettings.builder().probeTimeout(Duration.ofNanos(500_000)).build())
                .hasMessage("invalid replica monitor settings: probeTimeout = 0.5ms: must be between 50ms and "
                        + "300000ms");
        assertThatThrownBy(() -> MonitorSettings.builder().restoreDwell(Duration.ofSeconds(-1)).build())
                .hasMessage("invalid replica monitor settings: restoreDwell = -1000ms: must be between 0ms and "
                        + "3600000ms");
        assertThatThrownBy(() -> MonitorSettings.builder().lagSummaryInterval(Duration.ofMillis(500)).build())
                .hasMessage("invalid replica monitor settings: lagSummaryInterval = 500ms: must be 0ms (off) or "
                        + "between 1000ms and 86400000ms");
        assertThatThrownBy(() -> MonitorSettings.builder().heartbeatTable("heartbeat").build())
                .hasMessage("invalid replica monitor settings: heartbeatTable = \"heartbeat\": must be schema.table, "
                        + "each of letters, digits, _ and $ or in backticks (or empty for off)");
        assertThatThrownBy(() -> MonitorSettings.builder().heartbeatTable("a.b; DROP TABLE x").build())
                .hasMessageContaining("heartbeatTable = \"a.b; DROP TABLE x\"");
        assertThatThrownBy(() -> MonitorSettings.builder().clusterName(" ").build())
                .hasMessage("invalid replica monitor settings: clusterName = \" \": must not be blank");
        assertThatThrownBy(() -> MonitorSettings.builder().clusterName("a\nb").build())
                .hasMessageContaining("clusterName").hasMessageContaining("without control characters");
        assertThatThrownBy(() -> MonitorSettings.builder().pollInterval(null).build())
                .hasMessage("invalid replica monitor settings: pollInterval = null: must be between 100ms and "
                        + "3600000ms");
    }

    @Test
    void acceptsAZeroMaxLagAndQuotedHeartbeatNames() {
        MonitorSettings settings = MonitorSettings.builder().maxLag(Duration.ZERO).heartbeatTable("`hb db`.`beat`")
                .build();
        assertThat(settings.maxLag()).isZero();
        assertThat(settings.restoreLag()).isZero();
        assertThat(new Heartbeat("`hb db`.`beat`").createTableSql()).startsWith(
                "CREATE TABLE IF NOT EXISTS `hb db`.`beat` ");
        assertThat(new Heartbeat("hb.beat").writeSql()).startsWith("REPLACE INTO `hb`.`beat` ");
        assertThat(new Heartbeat("`a.b`.c").readSql()).contains("FROM `a.b`.`c` ");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> MonitorSettings.builder()
                .maxLag(Duration.ofMillis(-1))
                .pollInterval(Duration.ofMillis(10))
                .maxTransactionsBehind(-5)
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid replica monitor settings (3 problems): maxLag = -1ms")
                .hasMessageContaining("; maxTransactionsBehind = -5")
                .hasMessageContaining("; pollInterval = 10ms");
    }
}
