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
