package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.Flavor;
import io.rwsplit.testkit.ReplicationCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With discovery, a replica whose replication is reset leaves the monitor, and comes back once re-pointed. */
class ReplicaLeavesIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("replica-leaves").replicas(2).start();
    }

    @Test
    void aResetReplicaLeavesAndComesBackWhenRepointed() throws Exception {
        assumeTrue(cluster.flavor() == Flavor.MARIADB, "MariaDB replication statements");
        Endpoint primary = ClusterSupport.endpoint(cluster.primary());
        Endpoint kept = ClusterSupport.endpoint(cluster.replica(0));
        Endpoint leaving = ClusterSupport.endpoint(cluster.replica(1));
        try (ReplicaMonitor monitor = ClusterSupport.start(cluster, MonitorSettings.builder()
                .clusterName("replica-leaves").pollInterval(Duration.ofMillis(200)).restoreDwell(Duration.ofMillis(500))
                .discoverReplicas(true).build(), List.of(primary))) {
            assertThat(monitor.snapshot().serving()).containsExactlyInAnyOrder(kept, leaving);

            ClusterNode leavingNode = cluster.replica(1);
            cluster.detach(leavingNode);
            long reset = System.nanoTime();
            ClusterSupport.await("the reset replica leaves", Duration.ofSeconds(5), () -> monitor.snapshot()
                    .status(leaving) == null);
            System.out.printf("a reset replica left the monitor after %d ms%n", (System.nanoTime() - reset) / 1_000_000);
            assertThat(monitor.snapshot().serving()).containsExactly(kept);

            cluster.attach(leavingNode);
            long repointed = System.nanoTime();
            ClusterSupport.await("the replica serves again", Duration.ofSeconds(5),
                    () -> monitor.snapshot().isServing(leaving));
            System.out.printf("a re-pointed replica served again after %d ms%n",
                    (System.nanoTime() - repointed) / 1_000_000);
            assertThat(monitor.snapshot().serving()).containsExactlyInAnyOrder(kept, leaving);
        }
    }
}
