package io.rwsplit.testkit;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Clusters not closed yet: a JVM shutdown hook closes them when a test JVM exits without doing so. */
final class OpenClusters {

    private static final Set<ReplicationCluster> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_ADDED = new AtomicBoolean();

    private OpenClusters() {
    }

    static void add(ReplicationCluster cluster) {
        OPEN.add(cluster);
        if (HOOK_ADDED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> List.copyOf(OPEN).forEach(ReplicationCluster::close), "rwsplit-testkit-shutdown"));
        }
    }

    static void remove(ReplicationCluster cluster) {
        OPEN.remove(cluster);
    }
}
