package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads go only to replicas the monitor lets serve, and to the primary when none does. */
class ReplicaAvailabilityIT {

    private static ReplicationCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("availability-it").replicas(2).start();
        url = ClusterUrls.withCredentials(cluster, "availability-it", "&connectTimeout=1000&socketTimeout=5000"
                + "&rwsplit.probeTimeout=500&rwsplit.maxReplicaLag=500&rwsplit.restoreDwell=500");
        cluster.setUp("CREATE TABLE ticks (id INT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP(6) DEFAULT NOW(6))");
    }

    @AfterAll
    static void stopCluster() {
        RwSplitDriver.shutdown();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sendsNoReadsToADelayedReplica() throws Exception {
        ClusterNode delayed = cluster.replica(1);
        ClusterNode healthy = cluster.replica(0);
        try (Connection connection = DriverManager.getConnection(url)) {
            cluster.setDelay(delayed, 5);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Map<Integer, Integer> readsPerServer = new HashMap<>();
            boolean dropped = false;
            // setDelay restarts the replica's applier, and a probe at that moment finds it STOPPED, out of the pool
            // only until its restore dwell ends: wait for it to leave for its lag.
            while (System.nanoTime() < deadline && !dropped) {
                write(connection);
                Thread.sleep(50);
                ClusterStatus status = RwSplit.status(connection);
                dropped = !status.isServing(delayed.hostAndPort())
                        && state(status, delayed) == ReplicaState.LAGGING;
            }
            assertThat(dropped).as("the delayed replica left the read pool for its lag").isTrue();
            for (int i = 0; i < 200; i++) {
                readsPerServer.merge(readServerId(connection), 1, Integer::sum);
            }
            assertThat(readsPerServer).containsOnlyKeys(healthy.serverId());
        } finally {
            cluster.setDelay(delayed, 0);
            cluster.awaitCaughtUp(Duration.ofSeconds(30));
        }
    }

    @Test
    void readsGoToThePrimaryWhenEveryReplicaIsDown() throws Exception {
        try (Connection connection = DriverManager.getConnection(url)) {
            assertThat(readServerId(connection)).isNotEqualTo(cluster.primary().serverId());
            for (ClusterNode replica : cluster.replicas()) {
                cluster.kill(replica);
            }
            // Every read succeeds: the first ones may find a dead replica and move on, later ones never try one.
            for (int i = 0; i < 50; i++) {
                assertThat(readServerId(connection)).isEqualTo(cluster.primary().serverId());
            }
        } finally {
            for (ClusterNode replica : cluster.replicas()) {
                cluster.restart(replica);
            }
            cluster.awaitCaughtUp(Duration.ofSeconds(30));
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int server = cluster.primary().serverId();
            while (server == cluster.primary().serverId() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                server = readServerId(connection);
            }
            assertThat(server).as("reads return to replicas once they are back").isNotEqualTo(
                    cluster.primary().serverId());
        }
    }

    private static ReplicaState state(ClusterStatus status, ClusterNode replica) {
        return status.replicas().stream().filter(r -> r.endpoint().toString().equals(replica.hostAndPort()))
                .map(ReplicaStatus::state).findFirst().orElseThrow();
    }

    private static void write(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO ticks () VALUES ()");
        }
    }

    private static int readServerId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@server_id")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
