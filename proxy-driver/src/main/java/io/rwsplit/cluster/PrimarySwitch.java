package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.TopologyListener;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend writes go to: the one primary the monitor believes in, or none while it believes in none (a switchover
 * or failover under way, two writable servers). When the primary moves, the old primary's backend is retired: marked
 * down at once, so nothing new is sent there (a connection an app thread holds is let go at its next statement, see
 * HeldConnections), then after a grace period what it still has lent is aborted and its pool closed, on a thread of
 * its own. The grace lets a statement in flight on a demoted primary end as the server ends it (refused as
 * read-only, and so run again on the new primary) rather than with an unknown outcome; the abort frees threads
 * waiting on an old primary that no longer answers. A server that becomes the primary gets a new pool: a replica's
 * sessions are read-only.
 */
final class PrimarySwitch implements TopologyListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrimarySwitch.class);

    private final String clusterName;
    private final Backend.Opener opener;
    /** How long statements in flight on a retired primary may go on before they are aborted. */
    static final long GRACE_MILLIS = 1000;

    private final ScheduledThreadPoolExecutor retirer;
    private final Set<Backend> retiring = ConcurrentHashMap.newKeySet();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private volatile Backend current;
    /** Why there is no primary, while {@link #current} is null. */
    private volatile String problem = "not probed yet";
    private boolean closed;

    PrimarySwitch(String clusterName, Backend.Opener opener) {
        this.clusterName = clusterName;
        this.opener = opener;
        this.retirer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "rwsplit-" + clusterName + "-retire");
            thread.setDaemon(true);
            return thread;
        });
        this.retirer.setKeepAliveTime(5, TimeUnit.SECONDS);
        this.retirer.allowCoreThreadTimeOut(true);
    }

    /** Takes the primary of the monitor's first snapshot, unless a change was told already. */
    synchronized void start(ReplicaSnapshot first) {
        if (changes.get() == 0 && current == null) {
            move(first.primary(), first.primary() == null ? first.primaryProblem() : null, false);
        }
    }

    /** The primary's backend now; null while none is known. A volatile read. */
    Backend current() {
        return current;
    }

    /** Why no primary is known; meaningful while {@link #current()} is null. */
    String problem() {
        return problem;
    }

    /**
     * The primary's backend once there is one other than {@code not} (null: any), waiting at most {@code wait}.
     *
     * @return null when none came in time
     */
    synchronized Backend await(Backend not, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (current == null || current == not) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return current;
    }

    /** How many times the primary moved, became unknown or known again. */
    long changes() {
        return changes.get();
    }

    /** Connections in use on a primary that were aborted when it stopped being the primary. */
    long abortedCount() {
        return aborted.get();
    }

    @Override
    public synchronized void onPrimaryChange(Endpoint previous, Endpoint next, String reason) {
        if (closed) {
            return;
        }
        Backend old = current;
        if (old != null && old.endpoint().equals(next)) {
            return;
        }
        changes.incrementAndGet();
        move(next, next == null ? reason : null, true);
        if (old != null) {
            retire(old, next, reason);
        }
        if (next != null) {
            LOG.info("{} - writes go to {} now{}", clusterName, next, old == null ? "" : " (was " + old.endpoint()
                    + ")");
        } else {
            LOG.warn("{} - writes wait for a primary (rwsplit.primaryWait), then fail: {}", clusterName, reason);
        }
    }

    /** Under the lock. */
    private void move(Endpoint next, String why, boolean told) {
        current = next == null ? null : opener.open(next, Backend.Role.PRIMARY);
        problem = why;
        if (told) {
            notifyAll();
        }
    }

    /** Under the lock: nothing new goes to the old primary; after the grace, what is left there is aborted. */
    private void retire(Backend old, Endpoint next, String reason) {
        old.markDown("no longer the primary" + (next == null ? "" : ": " + next + " is") + " (" + reason + ")");
        retiring.add(old);
        try {
            retirer.schedule(() -> finish(old), GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            finish(old);
        }
    }

    /** Aborts what a retired primary still has lent and closes its pool. */
    private void finish(Backend old) {
        if (!retiring.remove(old)) {
            return;
        }
        int count = old.cutOff();
        aborted.addAndGet(count);
        if (count > 0) {
            LOG.warn("{} - aborted {} connection(s) still in use on {} {} ms after it stopped being the primary",
                    clusterName, count, old.endpoint(), GRACE_MILLIS);
        }
        old.close();
    }

    /** Closes the current primary's backend and those being retired, and stops the retiring thread. */
    @Override
    public void close() {
        Backend last;
        synchronized (this) {
            closed = true;
            last = current;
            notifyAll();
        }
        retirer.shutdownNow();
        try {
            retirer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Backend old : List.copyOf(retiring)) {
            finish(old);
        }
        if (last != null) {
            last.close();
        }
    }
}
