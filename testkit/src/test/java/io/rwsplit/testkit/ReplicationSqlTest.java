package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicationSqlTest {

    private final ReplicationSql mariaDb = ReplicationSql.of(Flavor.MARIADB);
    private final ReplicationSql mySql = ReplicationSql.of(Flavor.MYSQL);

    @Test
    void mariaDbStopsBothThreadsToChangeTheDelayAndRestoresTheApplierState() {
        assertThat(mariaDb.setDelay(2, true))
                .containsExactly("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 2", "START SLAVE");
        assertThat(mariaDb.setDelay(0, false))
                .containsExactly("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 0", "START SLAVE IO_THREAD");
    }

    @Test
    void mySqlChangesTheDelayWithOnlyTheApplierStopped() {
        assertThat(mySql.setDelay(2, true)).containsExactly("STOP REPLICA SQL_THREAD",
                "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = 2", "START REPLICA SQL_THREAD");
        assertThat(mySql.setDelay(0, false)).containsExactly("CHANGE REPLICATION SOURCE TO SOURCE_DELAY = 0");
    }

    @Test
    void eachFlavorWaitsWithItsOwnFunction() {
        assertThat(mariaDb.waitForPosition()).contains("MASTER_GTID_WAIT");
        assertThat(mySql.waitForPosition()).contains("WAIT_FOR_EXECUTED_GTID_SET");
        assertThat(mariaDb.reached("0")).isTrue();
        assertThat(mariaDb.reached("-1")).isFalse();
        assertThat(mySql.reached("1")).isFalse();
        assertThat(mariaDb.stopApplier()).isEqualTo("STOP SLAVE SQL_THREAD");
        assertThat(mySql.stopApplier()).isEqualTo("STOP REPLICA SQL_THREAD");
    }

    @Test
    void waitTimeoutsNeverMeanWaitingForEver() {
        assertThat(mariaDb.waitTimeout(Duration.ofMillis(300))).isEqualTo(0.3);
        assertThat(mariaDb.waitTimeout(Duration.ZERO)).isEqualTo(0.001);
        assertThat(mySql.waitTimeout(Duration.ofMillis(300))).isEqualTo(1L);
        assertThat(mySql.waitTimeout(Duration.ofMillis(2500))).isEqualTo(3L);
        assertThat(mySql.waitTimeout(Duration.ZERO)).isEqualTo(1L);
    }
}
