package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replication controls on real servers: delay, stop and start of the applier, waiting for a GTID position. */
class ReplicationControlIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws SQLException {
        cluster = ReplicationCluster.builder().name("control-it").replicas(2).start();
        try (Connection connection = cluster.connect(cluster.primary());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(100))");
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
    }

    @Test
    void delayedReplicaIsMeasurablyBehindAndCatchesUpAfterTheDelay() throws SQLException {
        ClusterNode delayed = cluster.replica(0);
        // 3 s: MariaDB adds the replica's whole-second clock difference with the primary, which can take a second off.
        cluster.setDelay(delayed, 3);
        try {
            long written = System.nanoTime();
            TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (1, 'delayed')");
            cluster.awaitCaughtUp(cluster.replica(1), Duration.ofSeconds(5));
            assertThat(TestSql.label(cluster, cluster.replica(1), 1)).isEqualTo("delayed");

            Sql.sleep(Duration.ofMillis(500));
            assertThat(TestSql.label(cluster, delayed, 1)).as("row on the delayed replica after 500 ms").isNull();

            cluster.awaitCaughtUp(delayed, Duration.ofSeconds(10));
            Duration behind = Duration.ofNanos(System.nanoTime() - written);
            assertThat(TestSql.label(cluster, delayed, 1)).isEqualTo("delayed");
            // MASTER_DELAY counts whole seconds from the event's timestamp: at least a bit over one second even when the
            // clock difference took one off.
            assertThat(behind).isGreaterThan(Duration.ofMillis(1000));
        } finally {
            cluster.setDelay(delayed, 0);
        }
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (2, 'undelayed')");
        cluster.awaitCaughtUp(delayed, Duration.ofSeconds(2));
        assertThat(TestSql.label(cluster, delayed, 2)).isEqualTo("undelayed");
    }

    @Test
    void stoppedReplicaAppliesNothingUntilReplicationStartsAgain() throws SQLException {
        ClusterNode stopped = cluster.replica(1);
        cluster.stopReplication(stopped);
        try {
            TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (3, 'held back')");
            cluster.awaitCaughtUp(cluster.replica(0), Duration.ofSeconds(5));
            Sql.sleep(Duration.ofMillis(300));
            assertThat(TestSql.label(cluster, stopped, 3)).isNull();
            assertThatThrownBy(() -> cluster.awaitCaughtUp(stopped, Duration.ofMillis(300)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(stopped.name())
                    .hasMessageContaining("_SQL_Running=No")
                    .hasMessageContaining("_IO_Running=Yes");
        } finally {
            cluster.startReplication(stopped);
        }
        cluster.awaitCaughtUp(stopped, Duration.ofSeconds(10));
        assertThat(TestSql.label(cluster, stopped, 3)).isEqualTo("held back");
    }

    @Test
    void delayCanBeSetWhileTheApplierIsStoppedAndLeavesItStopped() throws SQLException {
        ClusterNode replica = cluster.replica(1);
        cluster.stopReplication(replica);
        try {
            cluster.setDelay(replica, 1);
            TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (4, 'still held')");
            Sql.sleep(Duration.ofMillis(1500));
            assertThat(TestSql.label(cluster, replica, 4)).isNull();
        } finally {
            cluster.setDelay(replica, 0);
            cluster.startReplication(replica);
        }
        cluster.awaitCaughtUp(replica, Duration.ofSeconds(10));
        assertThat(TestSql.label(cluster, replica, 4)).isEqualTo("still held");
    }

    @Test
    void negativeDelayIsRejected() {
        assertThatThrownBy(() -> cluster.setDelay(cluster.replica(0), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 0");
    }
}
