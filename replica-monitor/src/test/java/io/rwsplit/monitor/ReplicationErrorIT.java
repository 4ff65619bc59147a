package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.Flavor;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replica whose applier is stopped is STOPPED; one whose applier stopped on a conflicting row is BROKEN with the
 * server's error text; both leave the read pool and return once repaired.
 */
class ReplicationErrorIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("replication-error").replicas(1).start();
        try (Connection connection = cluster.connect(cluster.primary());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INT PRIMARY KEY)");
        }
        cluster.awaitCaughtUp(TIMEOUT);
    }

    private static ReplicaMonitor startMonitor(Transitions transitions) {
        ReplicaMonitor monitor = ClusterSupport.start(cluster, MonitorSettings.builder()
                .clusterName("replication-error").restoreDwell(Duration.ofMillis(500)).build());
        monitor.addListener(transitions);
        return monitor;
    }

    @Test
    void aStoppedApplierIsStoppedAndAConflictingRowIsBrokenWithTheError() throws Exception {
        ClusterNode node = cluster.replica(0);
        Endpoint replica = ClusterSupport.endpoint(node);
        Transitions transitions = new Transitions();
        try (ReplicaMonitor monitor = startMonitor(transitions)) {
            assertThat(monitor.snapshot().isServing(replica)).isTrue();

            cluster.stopReplication(node);
            ReplicaStatus stopped = transitions.awaitState(replica, 0, ReplicaState.STOPPED, TIMEOUT);
            assertThat(stopped.reason()).isEqualTo("SQL thread not running");
            assertThat(stopped.serving()).isFalse();
            assertThat(monitor.snapshot().serving()).isEmpty();

            cluster.startReplication(node);
            transitions.awaitServing(replica, 0, TIMEOUT);

            int before = transitions.count(replica);
            String skipBinlog = cluster.flavor() == Flavor.MARIADB ? "SET SESSION sql_log_bin = 0"
                    : "SET SESSION sql_log_bin = OFF";
            ClusterSupport.asRoot(cluster, node, skipBinlog,
                    "INSERT INTO " + cluster.schema() + ".items VALUES (1000)");
            try (Connection connection = cluster.connect(cluster.primary());
                 Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO items VALUES (1000)");
            }
            ReplicaStatus broken = transitions.awaitState(replica, before, ReplicaState.BROKEN, TIMEOUT);
            System.out.println("replication error: " + broken.state() + ": " + broken.reason());
            assertThat(broken.reason()).startsWith("SQL thread stopped on error 1062: ").contains("Duplicate entry "
                    + "'1000'");
            assertThat(broken.lastError()).startsWith("error 1062: ");
            assertThat(broken.serving()).isFalse();
            assertThat(monitor.snapshot().status(replica).state()).isEqualTo(ReplicaState.BROKEN);

            before = transitions.count(replica);
            ClusterSupport.asRoot(cluster, node, skipBinlog, "DELETE FROM " + cluster.schema()
                    + ".items WHERE id = 1000");
            cluster.startReplication(node);
            ReplicaStatus repaired = transitions.awaitServing(replica, before, TIMEOUT);
            assertThat(repaired.state()).isEqualTo(ReplicaState.HEALTHY);
            cluster.awaitCaughtUp(TIMEOUT);
        }
    }
}
