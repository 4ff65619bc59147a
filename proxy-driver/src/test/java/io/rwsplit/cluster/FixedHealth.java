package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.PrimaryStateListener;
import io.rwsplit.monitor.ReplicaHealth;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStateListener;
import io.rwsplit.monitor.ReplicaStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import io.rwsplit.monitor.TopologyListener;

/**
 * The replica monitor's stand-in for unit tests: every replica serves reads until the test says otherwise or the
 * driver reports a failure on it, which takes it out of the read pool as the monitor would.
 */
public final class FixedHealth implements ReplicaHealth {

    private final List<Endpoint> replicas;
    private final Set<Endpoint> out = ConcurrentHashMap.newKeySet();
    private final List<Endpoint> reported = Collections.synchronizedList(new ArrayList<>());
    private final List<TopologyListener> topologyListeners = new CopyOnWriteArrayList<>();
    private volatile Endpoint primary = new Endpoint("primary", 3306);
    private volatile ReplicaSnapshot snapshot;
    private volatile int rechecks;

    FixedHealth(List<Endpoint> replicas) {
        this.replicas = List.copyOf(replicas);
        publish();
    }

    /** Takes a replica out of the read pool, or puts it back. */
    public void serving(Endpoint replica, boolean serving) {
        if (serving) {
            out.remove(replica);
        } else {
            out.add(replica);
        }
        publish();
    }

    /** The replicas the driver reported failures on, in order. */
    public List<Endpoint> reported() {
        synchronized (reported) {
            return List.copyOf(reported);
        }
    }

    private void publish() {
        Instant now = Instant.now();
        List<ReplicaStatus> statuses = new ArrayList<>();
        for (Endpoint replica : replicas) {
            boolean serving = !out.contains(replica);
            statuses.add(new ReplicaStatus(replica, serving ? ReplicaState.HEALTHY : ReplicaState.DOWN, serving,
                    serving ? "stub" : "taken out by the test", 0, 0, null, 0, now, now, null));
        }
        snapshot = ReplicaSnapshot.of(now, primary, primary == null ? "taken away by the test" : null, statuses, null);
    }

    @Override
    public ReplicaSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public void addListener(ReplicaStateListener listener) {
        // Nothing changes by itself here.
    }

    @Override
    public void addPrimaryListener(PrimaryStateListener listener) {
        // Nothing changes by itself here.
    }

    @Override
    public void addTopologyListener(TopologyListener listener) {
        topologyListeners.add(listener);
    }

    /** Moves the primary (null: none is known), publishes, and tells the listeners as the monitor would. */
    public void primary(Endpoint next) {
        Endpoint previous = primary;
        primary = next;
        publish();
        for (TopologyListener listener : topologyListeners) {
            listener.onPrimaryChange(previous, next, "moved by the test");
        }
    }

    @Override
    public void recheck() {
        rechecks++;
    }

    /** How many times the driver asked for a poll round now. */
    public int rechecks() {
        return rechecks;
    }

    @Override
    public void reportFailure(Endpoint replica, Throwable cause) {
        reported.add(replica);
        serving(replica, false);
    }

    @Override
    public void close() {
        // Nothing runs.
    }
}
