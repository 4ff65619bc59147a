package io.rwsplit.cluster;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.TopologyListener;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend writes go to: the one primary the monitor believes in, or none while it believes in none (a switchover
 * or failover under way, two writable servers). When the primary moves, the old primary's backend is retired at once:
 * marked down, what it has lent aborted (so nothing held by an app thread can write there any more), and its pool
 * closed on a thread of its own. A server that becomes the primary gets a new pool: a replica's sessions are
 * read-only.
 */
final class PrimarySwitch implements TopologyListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrimarySwitch.class);

    private final String clusterName;
    private final Backend.Opener opener;
    private final ExecutorService retirer;
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private volatile Backend current;
    /** Why there is no primary, while {@link #current} is null. */
    private volatile String problem = "not probed yet";
    private boolean closed;

    PrimarySwitch(String clusterName, Backend.Opener opener) {
        this.clusterName = clusterName;
        this.opener = opener;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "rwsplit-" + clusterName + "-retire");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.retirer = executor;
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

    /** Under the lock: nothing held on the old primary may run again; its pool closes on the retiring thread. */
    private void retire(Backend old, Endpoint next, String reason) {
        old.markDown("no longer the primary" + (next == null ? "" : ": " + next + " is") + " (" + reason + ")");
        try {
            retirer.execute(() -> {
                int count = old.cutOff();
                aborted.addAndGet(count);
                if (count > 0) {
                    LOG.warn("{} - aborted {} connection(s) in use on {}, no longer the primary", clusterName, count,
                            old.endpoint());
                }
                old.close();
            });
        } catch (RejectedExecutionException e) {
            old.cutOff();
            old.close();
        }
    }

    /** Closes the current primary's backend and stops the retiring thread. */
    @Override
    public void close() {
        Backend last;
        synchronized (this) {
            closed = true;
            last = current;
            notifyAll();
        }
        retirer.shutdown();
        try {
            retirer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (last != null) {
            last.close();
        }
    }
}
