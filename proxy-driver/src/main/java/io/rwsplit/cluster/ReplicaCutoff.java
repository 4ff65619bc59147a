package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStateListener;
import io.rwsplit.monitor.ReplicaStatus;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a replica off when the monitor marks it DOWN (see {@link Backend#cutOff}), on a thread of its own: the monitor
 * tells listeners under its lock, and a failure reported by the driver tells them on an app thread. A frozen server
 * answers nothing, so without this a statement on it would wait for its socket timeout, or for ever.
 */
final class ReplicaCutoff implements ReplicaStateListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaCutoff.class);

    private final String clusterName;
    private final Map<Endpoint, Backend> replicas;
    private final ThreadPoolExecutor aborter;
    private final AtomicLong aborted = new AtomicLong();

    ReplicaCutoff(String clusterName, Map<Endpoint, Backend> replicas) {
        this.clusterName = clusterName;
        this.replicas = replicas;
        AtomicInteger threads = new AtomicInteger();
        this.aborter = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "rwsplit-" + clusterName + "-cutoff-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.aborter.allowCoreThreadTimeOut(true);
    }

    /** How many lent connections were aborted because their replica went DOWN. */
    long abortedCount() {
        return aborted.get();
    }

    @Override
    public void onChange(ReplicaStatus previous, ReplicaStatus current, ReplicaSnapshot snapshot) {
        Backend replica = replicas.get(current.endpoint());
        if (replica == null) {
            return;
        }
        if (current.state() != ReplicaState.DOWN) {
            replica.restored();
            return;
        }
        replica.markDown(current.reason());
        try {
            aborter.execute(() -> cutOff(replica));
        } catch (RejectedExecutionException closed) {
            LOG.debug("{} - not cutting off {}: closing", clusterName, replica);
        }
    }

    private void cutOff(Backend replica) {
        int count = replica.cutOff();
        if (count > 0) {
            aborted.addAndGet(count);
            LOG.warn("{} - {} is DOWN: aborted {} connection(s) in use on it", clusterName, replica, count);
        }
    }

    /** Stops the thread; waits briefly for a cut-off under way. */
    @Override
    public void close() {
        aborter.shutdownNow();
        try {
            aborter.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
