package io.rwsplit;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.jdbc.RoutingConnection;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** What the topology ITs ask of servers and of the driver's cluster. */
final class TopologyChecks {

    private TopologyChecks() {
    }

    static Endpoint endpoint(ClusterNode node) {
        return new Endpoint(node.host(), node.port());
    }

    static Cluster clusterOf(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.unwrap(RoutingConnection.class).cluster();
        }
    }

    /**
     * The last sequence number of the GTIDs a server itself originated, from its {@code @@gtid_binlog_state} (MariaDB:
     * one {@code domain-server-seq} per domain and originating server): it grows exactly when a write is executed on
     * that server as a primary; -1 when it has originated none.
     */
    static long ownTransactions(ReplicationCluster cluster, ClusterNode node) throws SQLException {
        try (Connection connection = cluster.connectAsRoot(node); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@GLOBAL.gtid_binlog_state")) {
            rows.next();
            String state = rows.getString(1);
            long last = -1;
            for (String gtid : state == null || state.isBlank() ? new String[0] : state.split(",")) {
                String[] parts = gtid.trim().split("-");
                if (parts.length == 3 && Long.parseLong(parts[1]) == node.serverId()) {
                    last = Math.max(last, Long.parseLong(parts[2]));
                }
            }
            return last;
        }
    }

    /**
     * Waits until the monitor lets at least {@code replicas} replicas serve reads: after a cluster starts, or after
     * {@code setDelay} restarted a replica's applier, which the monitor may have seen stopped.
     */
    static void awaitServing(Connection connection, int replicas) throws Exception {
        boolean serving = await(() -> servingReplicas(connection) >= replicas, Duration.ofSeconds(15));
        if (!serving) {
            throw new AssertionError(replicas + " replica(s) not serving: " + RwSplit.status(connection).replicas());
        }
    }

    private static long servingReplicas(Connection connection) {
        try {
            return RwSplit.status(connection).replicas().stream().filter(ReplicaStatus::serving).count();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to {@code timeout} for the condition; false when it never held. */
    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
