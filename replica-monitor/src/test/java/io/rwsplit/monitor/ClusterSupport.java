package io.rwsplit.monitor;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Wiring of the monitor to a testkit cluster for the integration tests. */
final class ClusterSupport {

    private ClusterSupport() {
    }

    static Endpoint endpoint(ClusterNode node) {
        return new Endpoint(node.host(), node.port());
    }

    static List<Endpoint> replicas(ReplicationCluster cluster) {
        return cluster.replicas().stream().map(ClusterSupport::endpoint).toList();
    }

    /** Connects as the cluster's {@code monitor} user, as an application would configure it. */
    static ProbeConnector connector(ReplicationCluster cluster) {
        return ProbeConnector.driverManager(cluster.monitor().user(), cluster.monitor().password(), null);
    }

    /** Starts a monitor with every node as a seed, the primary first. */
    static ReplicaMonitor start(ReplicationCluster cluster, MonitorSettings settings) {
        return start(cluster, settings, cluster.nodes().stream().map(ClusterSupport::endpoint).toList());
    }

    static ReplicaMonitor start(ReplicationCluster cluster, MonitorSettings settings, List<Endpoint> seeds) {
        return ReplicaMonitor.start(settings, seeds, connector(cluster));
    }

    /** Points a replica at a source as testkit sets replication up (GTID slave_pos) and starts it, as root. */
    static void replicateFrom(ReplicationCluster cluster, ClusterNode replica, ClusterNode source)
            throws SQLException {
        asRoot(cluster, replica, "STOP SLAVE", "CHANGE MASTER TO MASTER_HOST = '" + source.host()
                + "', MASTER_PORT = " + source.port() + ", MASTER_USER = 'repl', MASTER_PASSWORD = 'rwsplit-repl', "
                + "MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_HEARTBEAT_PERIOD = 1",
                "START SLAVE");
    }

    /** Detaches a replica and makes it writable: what a promotion does. */
    static void promote(ReplicationCluster cluster, ClusterNode replica) throws SQLException {
        asRoot(cluster, replica, "STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL read_only = OFF");
    }

    /** Runs statements as root on a node. */
    static void asRoot(ReplicationCluster cluster, ClusterNode node, String... statements) throws SQLException {
        try (Connection connection = cluster.connectAsRoot(node); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    static List<String> monitorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("rwsplit-monitor-")).toList();
    }
}
