package io.rwsplit.cluster;

import io.rwsplit.config.ClusterKey;
import io.rwsplit.config.DriverConfig;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One running cluster per distinct URL and user in this JVM, shared by every connection DriverManager opens
 * through our driver. Data sources own their cluster instead, and close it themselves.
 */
public final class ClusterRegistry {

    private static final ConcurrentMap<ClusterKey, Cluster> CLUSTERS = new ConcurrentHashMap<>();

    private ClusterRegistry() {
    }

    /**
     * The running cluster for this configuration, started on first use.
     *
     * @throws SQLException (08001) it could not start; nothing it had opened is left running
     */
    public static Cluster clusterFor(DriverConfig config) throws SQLException {
        Cluster cluster = CLUSTERS.get(config.identity());
        if (cluster != null && !cluster.isClosed()) {
            return cluster;
        }
        synchronized (CLUSTERS) {
            cluster = CLUSTERS.get(config.identity());
            // One closed by an earlier shutdown while its caller still held it is replaced.
            if (cluster == null || cluster.isClosed()) {
                cluster = ClusterLauncher.start(config);
                CLUSTERS.put(config.identity(), cluster);
            }
            return cluster;
        }
    }

    /** Starts a cluster that the caller owns (a data source): not shared, closed by the caller. */
    public static Cluster startPrivate(DriverConfig config) throws SQLException {
        return ClusterLauncher.start(config);
    }

    /** Closes every shared cluster: pools, monitors and their threads. Later connects start new ones. */
    public static void closeAll() {
        List<Cluster> open;
        synchronized (CLUSTERS) {
            open = new ArrayList<>(CLUSTERS.values());
            CLUSTERS.clear();
        }
        for (Cluster cluster : open) {
            cluster.close();
        }
    }
}
