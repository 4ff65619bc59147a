package io.rwsplit.cluster;

import io.rwsplit.config.ClusterKey;
import io.rwsplit.config.DriverConfig;
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

    /** The running cluster for this configuration, started on first use. */
    public static Cluster clusterFor(DriverConfig config) {
        Cluster cluster = CLUSTERS.computeIfAbsent(config.identity(), key -> ClusterLauncher.start(config));
        if (cluster.isClosed()) {
            // Closed by an earlier shutdown while this caller held the old one: start afresh.
            CLUSTERS.remove(config.identity(), cluster);
            return clusterFor(config);
        }
        return cluster;
    }

    /** Starts a cluster that the caller owns (a data source): not shared, closed by the caller. */
    public static Cluster startPrivate(DriverConfig config) {
        return ClusterLauncher.start(config);
    }

    /** Closes every shared cluster: pools, monitors and their threads. Later connects start new ones. */
    public static void closeAll() {
        List<Cluster> open = new ArrayList<>(CLUSTERS.values());
        CLUSTERS.clear();
        for (Cluster cluster : open) {
            cluster.close();
        }
    }
}
