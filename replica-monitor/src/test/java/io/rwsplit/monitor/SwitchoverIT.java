package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rwsplit.testkit.Flavor;
import io.rwsplit.testkit.ReplicationCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A switchover done by hand in SQL: the old primary read-only, a replica caught up and promoted, the others and the
 * old primary re-pointed to it. The monitor names the new primary soon after it turns writable, reads never stop.
 */
class SwitchoverIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicationCluster.builder().name("switchover").replicas(2).start();
    }

    @Test
    void aManualSwitchoverMovesThePrimary() throws Exception {
        assumeTrue(cluster.flavor() == Flavor.MARIADB, "MariaDB replication statements");
        Endpoint oldPrimary = ClusterSupport.endpoint(cluster.primary());
        Endpoint newPrimary = ClusterSupport.endpoint(cluster.replica(0));
        Endpoint other = ClusterSupport.endpoint(cluster.replica(1));
        List<String> changes = new CopyOnWriteArrayList<>();
        List<Integer> servingSeen = new CopyOnWriteArrayList<>();
        try (ReplicaMonitor monitor = ClusterSupport.start(cluster, MonitorSettings.builder()
                .clusterName("switchover").pollInterval(Duration.ofMillis(250)).restoreDwell(Duration.ofMillis(500))
                .build())) {
            monitor.addTopologyListener((previous, current, reason) -> changes.add(previous + " -> " + current));
            monitor.addListener((previous, current, snapshot) -> servingSeen.add(snapshot.serving().size()));
            assertThat(monitor.snapshot().primary()).isEqualTo(oldPrimary);

            ClusterSupport.asRoot(cluster, cluster.primary(), "SET GLOBAL read_only = ON");
            ClusterSupport.await("no primary", Duration.ofSeconds(5), () -> monitor.snapshot().primary() == null);
            assertThat(monitor.snapshot().serving()).containsExactly(newPrimary, other);
            cluster.awaitCaughtUp(Duration.ofSeconds(10));
            ClusterSupport.replicateFrom(cluster, cluster.replica(1), cluster.replica(0));
            ClusterSupport.promote(cluster, cluster.replica(0));
            long writable = System.nanoTime();
            ClusterSupport.await("the new primary", Duration.ofSeconds(5),
                    () -> newPrimary.equals(monitor.snapshot().primary()));
            long foundMillis = (System.nanoTime() - writable) / 1_000_000;
            System.out.printf("switchover: primary() named the new primary %d ms after it became writable%n",
                    foundMillis);
            assertThat(foundMillis).isLessThan(1000);

            ClusterSupport.replicateFrom(cluster, cluster.primary(), cluster.replica(0));
            ClusterSupport.await("the old primary serves as a replica", Duration.ofSeconds(5),
                    () -> monitor.snapshot().isServing(oldPrimary) && monitor.snapshot().isServing(other));
            assertThat(monitor.snapshot().replicas()).extracting(ReplicaStatus::endpoint)
                    .containsExactly(oldPrimary, other);
            assertThat(changes).containsExactly(oldPrimary + " -> null", "null -> " + newPrimary);
            System.out.println("switchover: serving counts seen " + servingSeen + ", now " + monitor.snapshot());
            assertThat(servingSeen).as("reads never stop").doesNotContain(0);
        }
    }
}
