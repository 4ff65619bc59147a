package io.rwsplit.monitor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the monitor's probe rounds on its threads: a round every poll interval (sooner while no primary is known) or
 * on request, the primary first and the others once it answers, each server on its own thread with a deadline of the
 * probe timeout, after which its connection is aborted. Hands each finished or timed-out probe to the monitor under
 * the monitor's lock, and stops the threads when the monitor closes.
 */
final class ProbeScheduler {

    /** Takes in a finished or timed-out probe; called under the monitor's lock. */
    interface Recorder {
        void record(ServerNode node, ServerProbe.Sample sample);
    }

    /** The monitor's log category, so that its lines stay where users look for them. */
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMonitor.class);
    private static final long SHUTDOWN_SLACK_MILLIS = 1000;

    private final String name;
    private final MonitorSettings settings;
    private final MonitorClock clock;
    private final Object lock;
    private final Servers servers;
    private final Topology topology;
    private final Recorder recorder;
    private final BooleanSupplier primaryKnown;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService probes;
    private final ExecutorService aborter;
    private final String threadPrefix;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean roundRequested = new AtomicBoolean();
    private volatile ProbeRound currentRound = new ProbeRound();

    /**
     * @param lock         the monitor's lock, taken around each look at a server's probe state and each record
     * @param primaryKnown whether the published snapshot names a primary; read without the lock
     */
    ProbeScheduler(MonitorSettings settings, MonitorClock clock, Object lock, Servers servers, Topology topology,
                   Recorder recorder, BooleanSupplier primaryKnown) {
        this.name = settings.clusterName();
        this.settings = settings;
        this.clock = clock;
        this.lock = lock;
        this.servers = servers;
        this.topology = topology;
        this.recorder = recorder;
        this.primaryKnown = primaryKnown;
        this.threadPrefix = "rwsplit-monitor-" + name + "-";
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("scheduler", false));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // One thread per server probed at once: grows with discovered servers, idle threads end.
        this.probes = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads("probe-", true));
        this.aborter = Executors.newSingleThreadExecutor(threads("abort", false));
    }

    boolean closed() {
        return closed.get();
    }

    /** Other servers are probed right after the primary answers, so they compare with a fresh position; at the
     * latest after this long. */
    long replicaStartDelayMillis() {
        return Math.min(settings.probeTimeout().toMillis(), settings.pollInterval().toMillis() / 2);
    }

    String timedOut() {
        return "probe timed out after " + settings.probeTimeout().toMillis() + "ms";
    }

    /** Starts the regular rounds, and runs {@code task} every {@code millis} ms. */
    void startPolling(long everyMillis, Runnable task) {
        scheduleNextRound();
        if (everyMillis > 0) {
            scheduler.scheduleAtFixedRate(task, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts a round now. Calls made while one is waiting to start are merged into it; a server whose probe is
     * still running is not probed twice.
     */
    void recheck() {
        if (closed.get() || !roundRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.execute(guarded(() -> {
                roundRequested.set(false);
                round(new ProbeRound());
            }));
        } catch (RejectedExecutionException e) {
            roundRequested.set(false);
            LOG.debug("{} - recheck skipped: monitor closing", name);
        }
    }

    /** Probes a server that just joined, as part of the current round. */
    void probeNow(ServerNode node) {
        startProbe(node, currentRound, null);
    }

    /** A server that left: its probe is aborted if one is running, else its connection is closed. */
    void release(ServerNode node) {
        if (node.inFlight) {
            node.probe.connection().abort(aborter);
        } else {
            node.probe.connection().discard();
        }
    }

    /** The next regular round: after the poll interval, or soon while no primary is known. */
    private void scheduleNextRound() {
        if (closed.get()) {
            return;
        }
        long poll = settings.pollInterval().toMillis();
        long delay = primaryKnown.getAsBoolean() ? poll : Math.min(poll, ReplicaMonitor.FAST_POLL_MILLIS);
        try {
            scheduler.schedule(() -> {
                try {
                    round(new ProbeRound());
                } finally {
                    scheduleNextRound();
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{} - polling ends: monitor closing", name);
        }
    }

    /** Runs a round: the primary first, the others once it answers or after {@link #replicaStartDelayMillis()}. */
    void round(ProbeRound round) {
        try {
            if (closed.get()) {
                return;
            }
            currentRound = round;
            ServerNode primary;
            synchronized (lock) {
                primary = servers.find(topology.primary());
            }
            AtomicBoolean othersStarted = new AtomicBoolean();
            round.register(); // until the others have started, so that the round is not over before
            Runnable startOthers = () -> {
                if (othersStarted.compareAndSet(false, true)) {
                    try {
                        for (ServerNode node : servers) {
                            if (node != primary) {
                                startProbe(node, round, null);
                            }
                        }
                    } finally {
                        round.done();
                    }
                }
            };
            if (primary == null || !startProbe(primary, round, startOthers)) {
                startOthers.run();
            } else {
                scheduler.schedule(guarded(startOthers), replicaStartDelayMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("{} - poll skipped: monitor closing", name);
        } catch (Throwable e) {
            LOG.error("{} - poll failed: {}", name, e.toString(), e);
        }
    }

    /** Starts the server's probe unless one is still running; false when none was started. */
    private boolean startProbe(ServerNode node, ProbeRound round, Runnable then) {
        long seq;
        boolean primary;
        synchronized (lock) {
            if (node.inFlight || node.removed || closed.get()) {
                return false;
            }
            node.inFlight = true;
            seq = ++node.probeSeq;
            primary = node.endpoint.equals(topology.primary());
        }
        round.register();
        AtomicBoolean counted = new AtomicBoolean();
        Runnable done = () -> {
            if (counted.compareAndSet(false, true)) {
                round.done();
            }
        };
        try {
            probes.execute(() -> runProbe(node, seq, primary, done, then));
            scheduler.schedule(guarded(() -> deadline(node, seq, done)), settings.probeTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            node.inFlight = false;
            done.run();
            return false;
        }
    }

    private void runProbe(ServerNode node, long seq, boolean primary, Runnable done, Runnable then) {
        try {
            if (closed.get()) {
                return;
            }
            ServerProbe.Sample sample = node.probe.run(primary, settings.discoverReplicas());
            synchronized (lock) {
                if (seq != node.timedOutSeq && !closed.get() && !node.removed
                        && sample.startNanos() >= node.ignoreStartedBeforeNanos) {
                    recorder.record(node, sample);
                }
            }
        } catch (Throwable e) {
            LOG.error("{} - probing {} failed unexpectedly: {}", name, node.endpoint, e.toString(), e);
        } finally {
            node.inFlight = false;
            if (closed.get() || node.removed) {
                node.probe.connection().discard();
            }
            done.run();
        }
        if (takeProbeAgain(node)) {
            startProbe(node, currentRound, null);
        }
        if (then != null) {
            try {
                then.run();
            } catch (RejectedExecutionException e) {
                LOG.debug("{} - probes skipped: monitor closing", name);
            } catch (Throwable e) {
                LOG.error("{} - starting probes failed: {}", name, e.toString(), e);
            }
        }
    }

    private boolean takeProbeAgain(ServerNode node) {
        synchronized (lock) {
            boolean again = node.probeAgain;
            node.probeAgain = false;
            return again;
        }
    }

    private void deadline(ServerNode node, long seq, Runnable done) {
        synchronized (lock) {
            if (!node.inFlight || node.probeSeq != seq || closed.get() || node.removed) {
                return;
            }
            node.timedOutSeq = seq;
            long now = clock.nanoTime();
            recorder.record(node, ServerProbe.Sample.failure(timedOut(), now - settings.probeTimeout().toNanos(),
                    now));
        }
        node.probe.connection().abort(aborter);
        done.run();
    }

    /**
     * Stops the threads and closes the probe connections; waits for the threads to end unless called on one of
     * them. False when already stopped.
     */
    boolean stop() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        scheduler.shutdownNow();
        probes.shutdown();
        for (ServerNode node : servers) {
            if (node.inFlight) {
                node.probe.connection().abort(aborter);
            }
        }
        boolean ownThread = Thread.currentThread().getName().startsWith(threadPrefix);
        if (!ownThread) {
            long wait = settings.probeTimeout().toMillis() + SHUTDOWN_SLACK_MILLIS;
            awaitTermination(scheduler, SHUTDOWN_SLACK_MILLIS);
            if (!awaitTermination(probes, wait)) {
                probes.shutdownNow();
                awaitTermination(probes, SHUTDOWN_SLACK_MILLIS);
            }
        }
        for (ServerNode node : servers) {
            node.probe.connection().discard();
        }
        aborter.shutdown();
        if (!ownThread) {
            awaitTermination(aborter, SHUTDOWN_SLACK_MILLIS);
        }
        return true;
    }

    private static boolean awaitTermination(ExecutorService executor, long millis) {
        try {
            return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RejectedExecutionException e) {
                LOG.debug("{} - task skipped: monitor closing", name);
            } catch (Throwable e) {
                LOG.error("{} - monitor task failed: {}", name, e.toString(), e);
            }
        };
    }

    private ThreadFactory threads(String role, boolean numbered) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "rwsplit-monitor-" + name + "-" + role
                    + (numbered ? Integer.toString(count.incrementAndGet()) : ""));
            thread.setDaemon(true);
            return thread;
        };
    }
}
