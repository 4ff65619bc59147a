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

/** A replica made writable and detached by hand is a split brain: no primary until it is read-only again. */
class SplitBrainIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicationCluster.builder().name("split-brain").replicas(2).start();
    }

    @Test
    void aSecondWritableServerLeavesNoPrimaryUntilItIsReadOnlyAgain() throws Exception {
        assumeTrue(cluster.flavor() == Flavor.MARIADB, "MariaDB replication statements");
        Endpoint primary = ClusterSupport.endpoint(cluster.primary());
        Endpoint rogue = ClusterSupport.endpoint(cluster.replica(0));
        Endpoint other = ClusterSupport.endpoint(cluster.replica(1));
        List<String> changes = new CopyOnWriteArrayList<>();
        try (ReplicaMonitor monitor = ClusterSupport.start(cluster, MonitorSettings.builder()
                .clusterName("split-brain").pollInterval(Duration.ofMillis(200)).build())) {
            monitor.addTopologyListener((previous, current, reason) -> changes.add(previous + " -> " + current));
            assertThat(monitor.snapshot().primary()).isEqualTo(primary);

            ClusterSupport.promote(cluster, cluster.replica(0));
            ClusterSupport.await("split brain", Duration.ofSeconds(5), () -> monitor.snapshot().primary() == null);
            ReplicaSnapshot split = monitor.snapshot();
            System.out.println("split brain: " + split.primaryProblem());
            assertThat(split.primaryProblem()).isEqualTo("2 writable servers: " + primary + ", " + rogue
                    + "; writes are refused until one is left");
            ClusterSupport.await("the rogue is broken", Duration.ofSeconds(2),
                    () -> monitor.snapshot().status(rogue).state() == ReplicaState.BROKEN);
            assertThat(monitor.snapshot().serving()).containsExactly(other);

            ClusterSupport.asRoot(cluster, cluster.replica(0), "SET GLOBAL read_only = ON");
            ClusterSupport.await("the primary is back", Duration.ofSeconds(5),
                    () -> primary.equals(monitor.snapshot().primary()));
            Thread.sleep(500);
            assertThat(changes).containsExactly(primary + " -> null", "null -> " + primary);
            assertThat(monitor.snapshot().status(rogue).state()).isEqualTo(ReplicaState.STOPPED);
            assertThat(monitor.snapshot().serving()).containsExactly(other);
        }
    }
}
