package io.rwsplit.cluster;

import io.rwsplit.config.DriverConfig;
import io.rwsplit.config.Settings;
import io.rwsplit.consistency.CausalReads;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.MonitorSettings;
import io.rwsplit.monitor.ReplicaMonitor;
import io.rwsplit.routing.NoReplicaPolicy;
import io.rwsplit.routing.ReplicaBalancer;
import io.rwsplit.routing.Router;
import io.rwsplit.sql.SqlClassifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a running {@link Cluster} from a validated configuration. */
final class ClusterLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLauncher.class);

    private ClusterLauncher() {
    }

    static Cluster start(DriverConfig config) {
        String name = config.clusterName();
        PoolSettings pools = new PoolSettings(config.poolMaxSize(), config.poolMinIdle(),
                config.poolConnectionTimeout().toMillis(), config.poolIdleTimeout().toMillis(),
                config.poolMaxLifetime().toMillis());
        CausalReads causalReads = new CausalReads(name, config.get(Settings.READ_YOUR_WRITES),
                config.get(Settings.READ_YOUR_WRITES_SCOPE), config.get(Settings.READ_YOUR_WRITES_WINDOW),
                config.get(Settings.CAUSAL_READ_TIMEOUT));
        Backend primary = new PooledBackend(name, config.primary(), Backend.Role.PRIMARY, config.database(),
                causalReads.primaryProperties(config.backendProperties()), pools);
        Map<Endpoint, Backend> replicas = new LinkedHashMap<>();
        for (Endpoint endpoint : config.replicas()) {
            replicas.put(endpoint, new PooledBackend(name, endpoint, Backend.Role.REPLICA, config.database(),
                    config.backendProperties(), pools));
        }
        ReplicaMonitor monitor = ReplicaMonitor.start(monitorSettings(config), config.primary(),
                config.replicas(), MonitorConnector.forConfig(config));
        ReplicaBalancer balancer = new ReplicaBalancer(config.loadBalance(), weights(config),
                endpoint -> {
                    Backend replica = replicas.get(endpoint);
                    return replica == null ? 0 : replica.activeConnections();
                });
        Cluster cluster = new Cluster(name, config.database(), primary, new ArrayList<>(replicas.values()), monitor,
                new SqlClassifier(config.classifierCacheSize(), config.maxParseLength()),
                new Router(config.noReplica(), config.get(Settings.OPTIMISTIC_TRANSACTIONS)), balancer, config.noReplica() == NoReplicaPolicy.FAIL);
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

    /** Here, not in {@link MicrometerMeters}: loading that class without Micrometer fails (NoClassDefFoundError). */
    private static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.Metrics", false, ClusterLauncher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static MonitorSettings monitorSettings(DriverConfig config) {
        MonitorSettings.Builder settings = MonitorSettings.builder()
                .clusterName(config.clusterName())
                .maxLag(config.maxReplicaLag())
                .restoreLag(config.restoreReplicaLag())
                .restoreDwell(config.restoreDwell())
                .maxTransactionsBehind(config.maxTransactionsBehind())
                .pollInterval(config.pollInterval())
                .probeTimeout(config.probeTimeout())
                .lagSummaryInterval(config.lagSummaryInterval());
        config.heartbeatTable().ifPresent(settings::heartbeatTable);
        return settings.build();
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
