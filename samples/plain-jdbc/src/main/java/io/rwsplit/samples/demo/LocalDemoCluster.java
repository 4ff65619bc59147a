package io.rwsplit.samples.demo;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.io.PrintStream;
import java.time.Duration;

/** A primary and two replicas started for the demo as local server processes, removed when it ends. */
final class LocalDemoCluster implements DemoCluster {

    private final ReplicationCluster cluster;

    private LocalDemoCluster(ReplicationCluster cluster) {
        this.cluster = cluster;
    }

    static LocalDemoCluster start(PrintStream out) {
        out.println("Starting a local cluster: 1 primary + 2 replicas ...");
        ReplicationCluster cluster = ReplicationCluster.builder().name("demo").replicas(2).start();
        out.printf("Cluster up in %d ms: primary %s, replicas %s, %s%n", cluster.startupTime().toMillis(),
                cluster.primary().hostAndPort(), cluster.replicas().stream().map(ClusterNode::hostAndPort).toList(),
                cluster.version());
        return new LocalDemoCluster(cluster);
    }

    @Override
    public String url() {
        return "jdbc:rwsplit:mysql://" + cluster.hostList() + "/" + cluster.schema()
                + "?rwsplit.clusterName=shop-db&rwsplit.lagSummaryInterval=5s"
                + "&rwsplit.monitorUser=" + cluster.monitor().user()
                + "&rwsplit.monitorPassword=" + cluster.monitor().password();
    }

    @Override
    public String user() {
        return cluster.app().user();
    }

    @Override
    public String password() {
        return cluster.app().password();
    }

    @Override
    public void awaitCaughtUp(StatusSource status, Duration timeout) {
        cluster.awaitCaughtUp(timeout);
    }

    @Override
    public String whyNoDelay() {
        return null;
    }

    @Override
    public void setDelay(Endpoint replica, int seconds) {
        ClusterNode node = cluster.replicas().stream()
                .filter(candidate -> candidate.hostAndPort().equals(replica.toString())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(replica + " is not a replica of " + cluster));
        cluster.setDelay(node, seconds);
    }

    @Override
    public String whyNoSwitchover() {
        return null;
    }

    @Override
    public String switchover() {
        ClusterNode from = cluster.primary();
        ClusterNode to = cluster.replica(0);
        java.time.Instant writable = cluster.switchover(to);
        return "switched the primary over from " + from.hostAndPort() + " to " + to.hostAndPort()
                + " (writable at " + writable + ")";
    }

    @Override
    public void close() {
        cluster.close();
    }
}
