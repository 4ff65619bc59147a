package io.rwsplit.monitor;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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
        tell(replica, "replica state listener", listener -> listener.onChange(previous, current, published));
    }

    void primaryReachable(boolean reachable, String reason) {
        tell(primary, "primary state listener", listener -> listener.onPrimaryChange(reachable, reason));
    }

    void primaryChanged(Endpoint previous, Endpoint current, String reason) {
        tell(topology, "topology listener", listener -> listener.onPrimaryChange(previous, current, reason));
    }

    private <L> void tell(List<L> listeners, String what, Consumer<L> call) {
        for (L listener : listeners) {
            try {
                call.accept(listener);
            } catch (Throwable e) {
                LOG.error("{} - {} {} failed: {}", name, what, listener, e.toString(), e);
            }
        }
    }
}
