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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Faults on real servers: kill, freeze, thaw and restart, of replicas and of the primary. */
class FaultInjectionIT {

    private static final Logger LOG = LoggerFactory.getLogger(FaultInjectionIT.class);
    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws SQLException {
        cluster = ReplicationCluster.builder().name("faults-it").replicas(2).start();
        try (Connection connection = cluster.connect(cluster.primary());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(100))");
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
    }

    @Test
    void killedReplicaIsUnreachableAndCatchesUpAfterRestart() throws SQLException {
        ClusterNode replica = cluster.replica(0);
        long started = System.nanoTime();
        cluster.kill(replica);
        long killed = System.nanoTime();
        assertThatThrownBy(() -> TestSql.connectQuickly(cluster, replica).close()).isInstanceOf(SQLException.class);

        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (1, 'written while down')");
        long restarting = System.nanoTime();
        cluster.restart(replica);
        long restarted = System.nanoTime();
        cluster.awaitCaughtUp(replica, Duration.ofSeconds(30));
        LOG.info("kill took {} ms, restart {} ms, catching up {} ms", millis(killed - started),
                millis(restarted - restarting), millis(System.nanoTime() - restarted));
        assertThat(TestSql.label(cluster, replica, 1)).isEqualTo("written while down");
    }

    @Test
    void frozenReplicaDoesNotAnswerUntilThawed() throws SQLException {
        ClusterNode replica = cluster.replica(1);
        cluster.freeze(replica);
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> TestSql.connectQuickly(cluster, replica).close())
                    .isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } finally {
            cluster.thaw(replica);
        }
        try (Connection connection = TestSql.connectQuickly(cluster, replica)) {
            assertThat(TestSql.query(connection, "SELECT 1")).isEqualTo("1");
        }
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (2, 'after thaw')");
        cluster.awaitCaughtUp(replica, Duration.ofSeconds(10));
        assertThat(TestSql.label(cluster, replica, 2)).isEqualTo("after thaw");
    }

    @Test
    void openConnectionToAFrozenServerTimesOut() throws SQLException {
        ClusterNode replica = cluster.replica(1);
        try (Connection connection = TestSql.connectQuickly(cluster, replica)) {
            cluster.freeze(replica);
            try {
                assertThatThrownBy(() -> TestSql.query(connection, "SELECT 1")).isInstanceOf(SQLException.class);
            } finally {
                cluster.thaw(replica);
            }
        }
    }

    @Test
    void killedPrimaryComesBackAndReplicasReconnectByThemselves() throws SQLException {
        cluster.kill(cluster.primary());
        assertThatThrownBy(() -> TestSql.connectQuickly(cluster, cluster.primary()).close())
                .isInstanceOf(SQLException.class);
        cluster.restart(cluster.primary());
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (3, 'after primary restart')");
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        for (ClusterNode replica : cluster.replicas()) {
            assertThat(TestSql.label(cluster, replica, 3)).isEqualTo("after primary restart");
        }
    }

    @Test
    void runningReplicaRestartsCleanlyWithItsDataAndPort() throws SQLException {
        ClusterNode replica = cluster.replica(0);
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (4, 'before restart')");
        cluster.awaitCaughtUp(replica, Duration.ofSeconds(10));
        cluster.restart(replica);
        assertThat(TestSql.label(cluster, replica, 4)).isEqualTo("before restart");
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (5, 'after restart')");
        cluster.awaitCaughtUp(replica, Duration.ofSeconds(30));
        assertThat(TestSql.label(cluster, replica, 5)).isEqualTo("after restart");
    }

    @Test
    void frozenServerCanBeRestarted() throws SQLException {
        ClusterNode replica = cluster.replica(1);
        cluster.freeze(replica);
        cluster.restart(replica);
        try (Connection connection = TestSql.connectQuickly(cluster, replica)) {
            assertThat(TestSql.query(connection, "SELECT 1")).isEqualTo("1");
        }
        cluster.awaitCaughtUp(replica, Duration.ofSeconds(30));
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
