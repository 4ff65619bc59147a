package io.rwsplit.cluster;

import io.rwsplit.config.Discovery;
import io.rwsplit.config.DriverConfig;
import io.rwsplit.config.PoolSettings;
import io.rwsplit.config.Settings;
import io.rwsplit.consistency.CausalReads;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaMonitor;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.routing.NoReplicaPolicy;
import io.rwsplit.routing.Router;
import io.rwsplit.sql.SqlClassifier;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
        ClusterJmx.warmUp(name);
        PoolSettings pools = config.poolSettings();
        CausalReads causalReads = new CausalReads(name, config.get(Settings.READ_YOUR_WRITES),
                config.get(Settings.READ_YOUR_WRITES_SCOPE), config.get(Settings.READ_YOUR_WRITES_WINDOW),
                config.get(Settings.CAUSAL_READ_TIMEOUT));
        Properties replicaProperties = config.backendProperties();
        Properties primaryProperties = causalReads.primaryProperties(config.backendProperties());
        Backend.Opener opener = (endpoint, role) -> new PooledBackend(name, endpoint, role,
                config.backendUrl(endpoint), role == Backend.Role.PRIMARY ? primaryProperties : replicaProperties,
                pools);
        MonitorConnector monitorConnector = MonitorConnector.forConfig(config);
        ReplicaMonitor monitor = ReplicaMonitor.start(config.monitorSettings(), config.seeds(), monitorConnector);
        opened.add(monitor);
        causalReads.watchCatchUp(monitorConnector, config.get(Settings.OPTIMISTIC_START_WAIT));
        opened.add(causalReads);
        Cluster cluster = new Cluster(name, config.database(), config.seeds(), opener, monitor,
                new SqlClassifier(config.classifierCacheSize(), config.maxParseLength()),
                new Router(config.noReplica(), config.get(Settings.OPTIMISTIC_TRANSACTIONS)), config.loadBalance(),
                weights(config), config.noReplica() == NoReplicaPolicy.FAIL);
        // From here on the cluster owns all of the above, and its close() undoes the rest too.
        opened.clear();
        opened.add(cluster);
        cluster.causalReads(causalReads);
        cluster.rebalanceInterval(config.rebalanceInterval());
        cluster.transactionJournalLimit(config.get(Settings.TRANSACTION_JOURNAL_LIMIT));
        cluster.primaryWait(config.get(Settings.PRIMARY_WAIT));
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
        if (config.replicas().isEmpty() && config.get(Settings.DISCOVERY) == Discovery.OFF) {
            LOG.warn("{} - one host in the URL and rwsplit.discovery=off: every statement runs on {}", name,
                    config.primary());
        }
        ReplicaSnapshot first = monitor.snapshot();
        LOG.info("{} - started: servers {}, primary {}, loadBalance={}, maxReplicaLag={}ms, readYourWrites={}, "
                        + "discovery={}", name, config.seeds(),
                first.primary() != null ? first.primary() : "none yet (" + first.primaryProblem() + ")",
                config.loadBalance().key(), config.maxReplicaLag().toMillis(), causalReads.mode().key(),
                config.get(Settings.DISCOVERY).key());
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
