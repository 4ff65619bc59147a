package io.rwsplit.cluster;

import io.rwsplit.monitor.PrimaryStateListener;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the primary off once it has failed the monitor's probes for {@code rwsplit.primaryCutoff}: a frozen primary
 * keeps TCP connections open and answers nothing, so without this a statement on it waits for its socket timeout,
 * or for ever. Waiting that long first (rather than acting on the first failed probe, as for a replica) keeps a
 * primary that is only slow for a moment from losing the writes in flight on it; a replica read is simply retried.
 */
final class PrimaryCutoff implements PrimaryStateListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrimaryCutoff.class);

    private final String clusterName;
    private final Supplier<Backend> primary;
    private final Duration after;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicLong aborted = new AtomicLong();
    private ScheduledFuture<?> pending;

    /** @param primary the primary's backend now; null while none is known */
    PrimaryCutoff(String clusterName, Supplier<Backend> primary, Duration after) {
        this.clusterName = clusterName;
        this.primary = primary;
        this.after = after;
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "rwsplit-" + clusterName + "-primary-cutoff");
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setKeepAliveTime(5, TimeUnit.SECONDS);
        this.timer.allowCoreThreadTimeOut(true);
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** How many lent connections were aborted because the primary stopped answering. */
    long abortedCount() {
        return aborted.get();
    }

    @Override
    public synchronized void onPrimaryChange(boolean reachable, String reason) {
        if (reachable) {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
            Backend current = primary.get();
            if (current != null) {
                current.restored();
            }
            return;
        }
        if (after.isZero() || pending != null || timer.isShutdown()) {
            return;
        }
        Backend unreachable = primary.get();
        if (unreachable == null) {
            return;
        }
        pending = timer.schedule(() -> cutOff(unreachable, reason), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cuts off the primary that stopped answering, unless another has taken its place meanwhile. */
    private void cutOff(Backend unreachable, String reason) {
        Backend current;
        synchronized (this) {
            if (pending == null) {
                return;
            }
            pending = null;
            current = primary.get();
            if (current != unreachable) {
                return;
            }
            current.markDown("not answering the monitor for " + after.toMillis() + " ms: " + reason);
        }
        int count = current.cutOff();
        aborted.addAndGet(count);
        LOG.warn("{} - the {} has not answered for {} ms ({}): aborted {} connection(s) in use on it; statements "
                + "on the primary fail at once until it answers", clusterName, current, after.toMillis(), reason, count);
    }

    /** Stops the timer thread. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
