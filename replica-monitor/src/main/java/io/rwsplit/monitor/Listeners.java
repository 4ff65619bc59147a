package io.rwsplit.monitor;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the monitor's listeners of a change: a replica's state, the primary's reachability, a primary change. A
 * listener that throws is logged and does not keep the others from being told.
 */
final class Listeners {

    /** The monitor's log category, so that its lines stay where users look for them. */
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMonitor.class);

    private final String name;
    private final List<ReplicaStateListener> replica = new CopyOnWriteArrayList<>();
    private final List<PrimaryStateListener> primary = new CopyOnWriteArrayList<>();
    private final List<TopologyListener> topology = new CopyOnWriteArrayList<>();

    Listeners(String name) {
        this.name = name;
    }

    void add(ReplicaStateListener listener) {
        replica.add(Objects.requireNonNull(listener, "listener"));
    }

    void add(PrimaryStateListener listener) {
        primary.add(Objects.requireNonNull(listener, "listener"));
    }

    void add(TopologyListener listener) {
        topology.add(Objects.requireNonNull(listener, "listener"));
    }

    void replicaChanged(ReplicaStatus previous, ReplicaStatus current, ReplicaSnapshot published) {
        for (ReplicaStateListener listener : replica) {
            try {
                listener.onChange(previous, current, published);
            } catch (Throwable e) {
                LOG.error("{} - replica state listener {} failed: {}", name, listener, e.toString(), e);
            }
        }
    }

    void primaryReachable(boolean reachable, String reason) {
        for (PrimaryStateListener listener : primary) {
            try {
                listener.onPrimaryChange(reachable, reason);
            } catch (Throwable e) {
                LOG.error("{} - primary state listener {} failed: {}", name, listener, e.toString(), e);
            }
        }
    }

    void primaryChanged(Endpoint previous, Endpoint current, String reason) {
        for (TopologyListener listener : topology) {
            try {
                listener.onPrimaryChange(previous, current, reason);
            } catch (Throwable e) {
                LOG.error("{} - topology listener {} failed: {}", name, listener, e.toString(), e);
            }
        }
    }
}
