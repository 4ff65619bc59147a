package io.rwsplit.cluster;

import io.rwsplit.ClusterMXBean;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.routing.Route;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes one cluster as an MXBean on the platform MBean server, and takes it away when the cluster closes. */
final class ClusterJmx implements ClusterMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterJmx.class);

    private final Cluster cluster;
    private ObjectName registeredAs;

    private ClusterJmx(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts the JVM's platform MBean server on a daemon thread, if nothing has yet: in a fresh JVM that takes about
     * 100 ms, which then passes while the monitor's first probes wait on the servers rather than before the app's
     * first statement.
     */
    static void warmUp(String clusterName) {
        Thread warmUp = new Thread(ManagementFactory::getPlatformMBeanServer, "rwsplit-" + clusterName + "-jmx-start");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** Registers the cluster; a second cluster of the same name gets a numbered name. Never fails the cluster. */
    static ClusterJmx register(Cluster cluster) {
        ClusterJmx bean = new ClusterJmx(cluster);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int attempt = 1; attempt <= 100 && bean.registeredAs == null; attempt++) {
            String name = attempt == 1 ? cluster.name() : cluster.name() + " (" + attempt + ")";
            try {
                ObjectName objectName = new ObjectName("io.rwsplit:type=Cluster,name=" + ObjectName.quote(name));
                if (!server.isRegistered(objectName)) {
                    server.registerMBean(bean, objectName);
                    bean.registeredAs = objectName;
                }
            } catch (JMException | RuntimeException e) {
                LOG.warn("{} - not published over JMX: {}", cluster.name(), e.toString());
                return bean;
            }
        }
        return bean;
    }

    void unregister() {
        if (registeredAs == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
        } catch (JMException e) {
            LOG.debug("{} - JMX unregister failed: {}", cluster.name(), e.toString());
        }
        registeredAs = null;
    }

    ObjectName objectName() {
        return registeredAs;
    }

    @Override
    public String getName() {
        return cluster.name();
    }

    @Override
    public String getPrimary() {
        Backend primary = cluster.primary();
        return primary != null ? primary.endpoint().toString() : "none: " + cluster.snapshot().primaryProblem();
    }

    @Override
    public long getPrimaryChanges() {
        return cluster.primaryChanges();
    }

    @Override
    public long getWritesRetriedOnNewPrimary() {
        return cluster.topologyStatistics().writesRetried();
    }

    @Override
    public long getNoPrimaryFailures() {
        return cluster.topologyStatistics().noPrimary();
    }

    @Override
    public long getTransactionsLostWithPrimary() {
        return cluster.topologyStatistics().transactionsLost();
    }

    @Override
    public String[] getReplicas() {
        return cluster.snapshot().replicas().stream()
                .map(r -> r.endpoint() + " " + r.state() + (r.serving() ? " serving" : " not serving")
                        + " lag=" + (r.lagMillis() < 0 ? "?" : r.lagMillis() + "ms")
                        + " trx=" + (r.transactionsBehind() < 0 ? "?" : r.transactionsBehind())
                        + " (" + r.reason() + ")")
                .toArray(String[]::new);
    }

    @Override
    public int getServingReplicas() {
        return cluster.snapshot().serving().size();
    }

    @Override
    public Map<String, Long> getReplicaLagMillis() {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (ReplicaStatus replica : cluster.snapshot().replicas()) {
            lag.put(replica.endpoint().toString(), replica.lagMillis());
        }
        return lag;
    }

    @Override
    public Map<String, Long> getReplicaTransactionsBehind() {
        ReplicaSnapshot snapshot = cluster.snapshot();
        Map<String, Long> behind = new LinkedHashMap<>();
        for (ReplicaStatus replica : snapshot.replicas()) {
            behind.put(replica.endpoint().toString(), replica.transactionsBehind());
        }
        return behind;
    }

    @Override
    public Map<String, Long> getStatementsByServer() {
        Map<String, Long> byServer = new LinkedHashMap<>();
        for (Map.Entry<Endpoint, Long> entry : cluster.statistics().perBackend().entrySet()) {
            byServer.put(entry.getKey().toString(), entry.getValue());
        }
        return byServer;
    }

    @Override
    public Map<String, Long> getStatementsByRoute() {
        Map<String, Long> byRoute = new LinkedHashMap<>();
        for (Map.Entry<Route, Long> entry : cluster.statistics().perRoute().entrySet()) {
            byRoute.merge(entry.getKey().reason(), entry.getValue(), Long::sum);
        }
        return byRoute;
    }

    @Override
    public long getRetries() {
        return cluster.statistics().retries();
    }

    @Override
    public long getTransactionPromotions() {
        return cluster.transactionStatistics().promotions();
    }

    @Override
    public long getTransactionReplays() {
        return cluster.transactionStatistics().replays();
    }

    @Override
    public Map<String, Long> getTransactionMismatches() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        cluster.transactionStatistics().mismatches().forEach((reason, count) -> byReason.put(reason.key(), count));
        return byReason;
    }

    @Override
    public String getReadYourWrites() {
        return cluster.causalReads().mode().key();
    }

    @Override
    public long getCausalReadsCovered() {
        return cluster.causalReads().statistics().coveredReads();
    }

    @Override
    public long getCausalWaits() {
        return cluster.causalReads().statistics().waits();
    }

    @Override
    public long getCausalWaitsReached() {
        return cluster.causalReads().statistics().waitsReached();
    }

    @Override
    public long getCausalReadsOnPrimary() {
        return cluster.causalReads().statistics().primaryReads();
    }

    @Override
    public long getCatchUpWaits() {
        return cluster.causalReads().statistics().catchUpWaits();
    }

    @Override
    public long getTransactionStartWaits() {
        return cluster.causalReads().statistics().transactionStartWaits();
    }
}
