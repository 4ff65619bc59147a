package io.rwsplit.cluster;

import io.rwsplit.config.DriverConfig;
import io.rwsplit.config.PoolSettings;
import io.rwsplit.config.Settings;
import io.rwsplit.consistency.CausalReads;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaMonitor;
import io.rwsplit.routing.NoReplicaPolicy;
import io.rwsplit.routing.ReplicaBalancer;
import io.rwsplit.routing.Router;
import io.rwsplit.sql.SqlClassifier;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a running {@link Cluster} from a configuration that parsing has already validated in full (monitor and pool
 * settings included), so nothing is opened for a configuration that cannot run. Should anything still fail while
 * starting, whatever was opened is closed again and the caller gets an SQLException.
 */
final class ClusterLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLauncher.class);

    private ClusterLauncher() {
    }

    static Cluster start(DriverConfig config) throws SQLException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return start(config, opened);
        } catch (RuntimeException | LinkageError e) {
            closeAll(opened, e);
            throw new SQLNonTransientConnectionException("rwsplit: the cluster " + config.clusterName()
                    + " could not start: " + e, "08001", e);
        }
    }

    private static Cluster start(DriverConfig config, List<AutoCloseable> opened) {
        String name = config.clusterName();
        PoolSettings pools = config.poolSettings();
        CausalReads causalReads = new CausalReads(name, config.get(Settings.READ_YOUR_WRITES),
                config.get(Settings.READ_YOUR_WRITES_SCOPE), config.get(Settings.READ_YOUR_WRITES_WINDOW),
                config.get(Settings.CAUSAL_READ_TIMEOUT));
        Backend primary = new PooledBackend(name, config.primary(), Backend.Role.PRIMARY,
                config.backendUrl(config.primary()), causalReads.primaryProperties(config.backendProperties()), pools);
        opened.add(primary::close);
        Map<Endpoint, Backend> replicas = new LinkedHashMap<>();
        for (Endpoint endpoint : config.replicas()) {
            Backend replica = new PooledBackend(name, endpoint, Backend.Role.REPLICA, config.backendUrl(endpoint),
                    config.backendProperties(), pools);
            opened.add(replica::close);
            replicas.put(endpoint, replica);
        }
        ReplicaMonitor monitor = ReplicaMonitor.start(config.monitorSettings(), config.primary(),
                config.replicas(), MonitorConnector.forConfig(config));
        opened.add(monitor);
        ReplicaBalancer balancer = new ReplicaBalancer(config.loadBalance(), weights(config),
                endpoint -> {
                    Backend replica = replicas.get(endpoint);
                    return replica == null ? 0 : replica.activeConnections();
                });
        Cluster cluster = new Cluster(name, config.database(), primary, new ArrayList<>(replicas.values()), monitor,
                new SqlClassifier(config.classifierCacheSize(), config.maxParseLength()),
                new Router(config.noReplica(), config.get(Settings.OPTIMISTIC_TRANSACTIONS)), balancer,
                config.noReplica() == NoReplicaPolicy.FAIL);
        // From here on the cluster owns all of the above, and its close() undoes the rest too.
        opened.clear();
        opened.add(cluster);
        cluster.causalReads(causalReads);
        cluster.rebalanceInterval(config.rebalanceInterval());
        cluster.transactionJournalLimit(config.get(Settings.TRANSACTION_JOURNAL_LIMIT));
        cluster.cutOffPrimaryAfter(config.get(Settings.PRIMARY_CUTOFF));
        monitor.addListener(causalReads);
        monitor.addListener(new ReadPoolLogger(name, config.noReplica()));
        cluster.publish(ClusterJmx.register(cluster));
        if (micrometerPresent()) {
            cluster.publishMeters(MicrometerMeters.bind(cluster));
        }
        cluster.dryRun(config.dryRun());
        if (config.dryRun()) {
            LOG.warn("{} - dry run: every statement runs on the primary; the statistics say where each would have run",
                    name);
        }
        if (config.replicas().isEmpty()) {
            LOG.warn("{} - no replica in the URL: every statement runs on the primary {}", name, config.primary());
        }
        LOG.info("{} - started: primary {}, replicas {}, loadBalance={}, maxReplicaLag={}ms, readYourWrites={}", name,
                config.primary(), config.replicas(), config.loadBalance().key(), config.maxReplicaLag().toMillis(),
                causalReads.mode().key());
        return cluster;
    }

    /** Closes, newest first, what a failed start had opened; their own failures go with the first one. */
    private static void closeAll(List<AutoCloseable> opened, Throwable failure) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception | LinkageError e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Here, not in {@link MicrometerMeters}: loading that class without Micrometer fails (NoClassDefFoundError). */
    private static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.Metrics", false, ClusterLauncher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Map<Endpoint, Integer> weights(DriverConfig config) {
        List<Integer> weights = config.weights();
        Map<Endpoint, Integer> byReplica = new HashMap<>();
        for (int i = 0; i < weights.size() && i < config.replicas().size(); i++) {
            byReplica.put(config.replicas().get(i), weights.get(i));
        }
        return byReplica;
    }
}
