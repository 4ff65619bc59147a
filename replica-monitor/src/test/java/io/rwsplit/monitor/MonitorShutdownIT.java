package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** close() ends every monitor thread and closes the probe connections, even with a probe stuck on a frozen server. */
class MonitorShutdownIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicationCluster.builder().name("monitor-shutdown").replicas(2).start();
    }

    private static long monitorSessions(ClusterNode node) throws Exception {
        try (Connection connection = cluster.connectAsRoot(node); Statement statement = connection.createStatement();
             ResultSet resultSet = statement.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                     + "WHERE USER = '" + cluster.monitor().user() + "'")) {
            resultSet.next();
            return resultSet.getLong(1);
        }
    }

    @Test
    void closeLeavesNoThreadAndNoConnectionEvenWithAProbeStuck() throws Exception {
        assertThat(ClusterSupport.monitorThreads()).isEmpty();
        ReplicaMonitor monitor = ClusterSupport.start(cluster, MonitorSettings.builder()
                .clusterName("monitor-shutdown").lagSummaryInterval(Duration.ofSeconds(1)).build());
        assertThat(monitor.snapshot().serving()).hasSize(2);
        assertThat(ClusterSupport.monitorThreads()).isNotEmpty()
                .allMatch(name -> name.startsWith("rwsplit-monitor-monitor-shutdown-"));
        assertThat(monitorSessions(cluster.primary())).isEqualTo(1);
        assertThat(monitorSessions(cluster.replica(0))).isEqualTo(1);

        cluster.freeze(cluster.replica(1));
        try {
            Thread.sleep(400);
            long started = System.nanoTime();
            monitor.close();
            long closeMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("close with a probe stuck on a frozen replica took " + closeMillis + " ms");
            assertThat(ClusterSupport.monitorThreads()).isEmpty();
            assertThat(closeMillis).isLessThan(2500);
            monitor.close();
        } finally {
            cluster.thaw(cluster.replica(1));
        }
        ClusterSupport.await("the servers see the probe connections closed", Duration.ofSeconds(5), () -> {
            try {
                return monitorSessions(cluster.primary()) == 0 && monitorSessions(cluster.replica(0)) == 0
                        && monitorSessions(cluster.replica(1)) == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
