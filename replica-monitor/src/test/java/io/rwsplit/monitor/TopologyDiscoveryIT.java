package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rwsplit.testkit.Flavor;
import io.rwsplit.testkit.ReplicationCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seeds in any order find the primary; with discovery, one replica as the only seed finds the whole cluster. */
class TopologyDiscoveryIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("topology-discovery").replicas(2).start();
    }

    private static MonitorSettings.Builder settings() {
        return MonitorSettings.builder().clusterName("topology-discovery").pollInterval(Duration.ofMillis(200))
                .restoreDwell(Duration.ofMillis(500));
    }

    @Test
    void seedsStartingWithAReplicaFindThePrimary() {
        Endpoint primary = ClusterSupport.endpoint(cluster.primary());
        Endpoint r0 = ClusterSupport.endpoint(cluster.replica(0));
        Endpoint r1 = ClusterSupport.endpoint(cluster.replica(1));
        try (ReplicaMonitor monitor = ClusterSupport.start(cluster, settings().build(), List.of(r1, r0, primary))) {
            ReplicaSnapshot snapshot = monitor.snapshot();
            assertThat(snapshot.primary()).isEqualTo(primary);
            assertThat(snapshot.serving()).containsExactly(r1, r0);
        }
    }

    @Test
    void oneReplicaAsTheOnlySeedFindsThePrimaryAndTheOtherReplica() throws Exception {
        assumeTrue(cluster.flavor() == Flavor.MARIADB, "discovery runs on MariaDB here");
        Endpoint primary = ClusterSupport.endpoint(cluster.primary());
        Endpoint r0 = ClusterSupport.endpoint(cluster.replica(0));
        Endpoint r1 = ClusterSupport.endpoint(cluster.replica(1));
        long started = System.nanoTime();
        try (ReplicaMonitor monitor = ClusterSupport.start(cluster, settings().discoverReplicas(true).build(),
                List.of(r0))) {
            long startMillis = (System.nanoTime() - started) / 1_000_000;
            ReplicaSnapshot first = monitor.snapshot();
            System.out.printf("discovery: start returned after %d ms with %s%n", startMillis, first);
            assertThat(first.primary()).isEqualTo(primary);
            ClusterSupport.await("the other replica serves", Duration.ofSeconds(5),
                    () -> monitor.snapshot().isServing(r1));
            assertThat(monitor.snapshot().replicas()).extracting(ReplicaStatus::endpoint).containsExactly(r0, r1);
            assertThat(monitor.snapshot().serving()).containsExactly(r0, r1);
        }
    }
}
