package io.rwsplit.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a primary and its replicas: every poll interval it reads the primary's position and each replica's
 * replication status, measures each replica's lag, decides which replicas may serve reads (with hysteresis), and
 * publishes the result as an immutable {@link ReplicaSnapshot} that {@link #snapshot()} returns without locking.
 *
 * <p>Each server is probed on its own daemon thread with a deadline of the probe timeout: a server that stops
 * answering is reported {@link ReplicaState#DOWN} within about one poll interval plus the probe timeout, its
 * connection is aborted, and the others keep being polled on schedule. State changes are logged once each, with the
 * cluster name as prefix; a one-line lag summary follows every lag summary interval.
 *
 * <pre>{@code
 * try (ReplicaMonitor monitor = ReplicaMonitor.start(settings, primary, replicas,
 *         ProbeConnector.driverManager("monitor", password, null))) {
 *     List<Endpoint> readPool = monitor.snapshot().serving();
 * }
 * }</pre>
 */
public final class ReplicaMonitor implements ReplicaHealth {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMonitor.class);
    private static final long FIRST_ROUND_SLACK_MILLIS = 500;
    private static final long SHUTDOWN_SLACK_MILLIS = 1000;

    /** One replica's probe and the monitor's memory of it; guarded by the monitor's lock. */
    private static final class ReplicaNode {
        final Endpoint endpoint;
        final ReplicaProbe probe;
        volatile boolean inFlight;
        long probeSeq;
        long timedOutSeq = -1;
        long ignoreStartedBeforeNanos = Long.MIN_VALUE;
        HealthPolicy.Tracking tracking;
        ReplicaStatus status;
        boolean firstCounted;

        ReplicaNode(Endpoint endpoint, ReplicaProbe probe) {
            this.endpoint = endpoint;
            this.probe = probe;
        }
    }

    private final MonitorSettings settings;
    private final String name;
    private final Endpoint primary;
    private final MonitorClock clock;
    private final HealthPolicy policy;
    private final PrimaryProbe primaryProbe;
    private final PrimaryState primaryState;
    private final List<ReplicaNode> nodes;
    private final Map<Endpoint, ReplicaNode> byEndpoint;
    private final List<ReplicaStateListener> listeners = new CopyOnWriteArrayList<>();
    private final List<PrimaryStateListener> primaryListeners = new CopyOnWriteArrayList<>();
    private final List<TopologyListener> topologyListeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService probes;
    private final ExecutorService aborter;
    private final String threadPrefix;
    private final Object lock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch firstRound;
    private volatile ReplicaSnapshot snapshot;
    private volatile boolean primaryInFlight;
    private long primarySeq;
    private long primaryTimedOutSeq = -1;
    private boolean heartbeatFailing;

    private ReplicaMonitor(MonitorSettings settings, Endpoint primary, List<Endpoint> replicas,
                           ProbeConnector connector, MonitorClock clock) {
        this.settings = settings;
        this.name = settings.clusterName();
        this.primary = primary;
        this.clock = clock;
        this.policy = new HealthPolicy(settings);
        Heartbeat heartbeat = settings.heartbeatTable().map(Heartbeat::new).orElse(null);
        Duration timeout = settings.probeTimeout();
        this.primaryProbe = new PrimaryProbe(new ProbeConnection(name, primary, connector, timeout), heartbeat,
                clock.nanoSupplier());
        long horizon = Math.max(Duration.ofSeconds(60).toNanos(), settings.maxLag().toNanos() * 4);
        int capacity = (int) Math.min(4096, horizon / settings.pollInterval().toNanos() + 2);
        this.primaryState = new PrimaryState(new PositionHistory(capacity, horizon));
        List<ReplicaNode> list = new ArrayList<>(replicas.size());
        Map<Endpoint, ReplicaNode> map = new LinkedHashMap<>();
        long now = clock.nanoTime();
        for (Endpoint endpoint : replicas) {
            ReplicaNode node = new ReplicaNode(endpoint, new ReplicaProbe(
                    new ProbeConnection(name, endpoint, connector, timeout), heartbeat, clock.nanoSupplier()));
            node.status = new ReplicaStatus(endpoint, ReplicaState.DOWN, false, "not probed yet", -1, -1, null, 0,
                    clock.instant(now), clock.instant(now), null);
            list.add(node);
            map.put(endpoint, node);
        }
        this.nodes = List.copyOf(list);
        this.byEndpoint = Map.copyOf(map);
        this.firstRound = new CountDownLatch(nodes.size());
        this.snapshot = buildSnapshot(now);
        this.threadPrefix = "rwsplit-monitor-" + name + "-";
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("scheduler", false));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.probes = Executors.newFixedThreadPool(nodes.size() + 1, threads("probe-", true));
        this.aborter = Executors.newSingleThreadExecutor(threads("abort", false));
    }

    /**
     * Starts monitoring and returns once every replica has been probed once (or its probe has timed out), so the
     * first snapshot already tells which replicas serve reads.
     *
     * @param replicas  the replicas, in the order {@link ReplicaSnapshot#serving()} keeps; may be empty
     * @param connector opens the monitor's connections (e.g. {@link ProbeConnector#driverManager})
     * @throws IllegalArgumentException if a replica is listed twice or is the primary
     */
    public static ReplicaMonitor start(MonitorSettings settings, Endpoint primary, List<Endpoint> replicas,
                                       ProbeConnector connector) {
        return start(settings, primary, replicas, connector, MonitorClock.system());
    }

    /**
     * Starts monitoring the servers named as seeds (any order) and returns once each has been probed once.
     *
     * @param seeds the servers to start from, e.g. the URL's hosts in URL order
     */
    public static ReplicaMonitor start(MonitorSettings settings, List<Endpoint> seeds, ProbeConnector connector) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(settings.clusterName() + " - no server to monitor");
        }
        return start(settings, seeds.get(0), seeds.subList(1, seeds.size()), connector);
    }

    static ReplicaMonitor start(MonitorSettings settings, Endpoint primary, List<Endpoint> replicas,
                                ProbeConnector connector, MonitorClock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(replicas, "replicas");
        Objects.requireNonNull(connector, "connector");
        List<Endpoint> copy = List.copyOf(replicas);
        if (new HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException(settings.clusterName() + " - a replica is listed twice: " + copy);
        }
        if (copy.contains(primary)) {
            throw new IllegalArgumentException(settings.clusterName() + " - the primary " + primary
                    + " is also listed as a replica");
        }
        ReplicaMonitor monitor = new ReplicaMonitor(settings, primary, copy, connector, clock);
        monitor.begin();
        return monitor;
    }

    private void begin() {
        LOG.info("{} - monitoring {} {} of primary {} every {}ms: maxLag={}ms, restoreLag={}ms, "
                        + "restoreDwell={}ms, probeTimeout={}ms, maxTransactionsBehind={}, heartbeat={}", name,
                nodes.size(), nodes.size() == 1 ? "replica" : "replicas", primary, settings.pollInterval().toMillis(),
                settings.maxLag().toMillis(), settings.restoreLag().toMillis(), settings.restoreDwell().toMillis(),
                settings.probeTimeout().toMillis(),
                settings.maxTransactionsBehind() == 0 ? "no limit" : settings.maxTransactionsBehind(),
                settings.heartbeatTable().orElse("off"));
        long poll = settings.pollInterval().toMillis();
        scheduler.scheduleAtFixedRate(this::tick, 0, poll, TimeUnit.MILLISECONDS);
        long summary = settings.lagSummaryInterval().toMillis();
        if (summary > 0) {
            scheduler.scheduleAtFixedRate(this::logSummary, summary, summary, TimeUnit.MILLISECONDS);
        }
        long wait = replicaStartDelayMillis() + settings.probeTimeout().toMillis() + FIRST_ROUND_SLACK_MILLIS;
        try {
            if (!firstRound.await(wait, TimeUnit.MILLISECONDS)) {
                LOG.warn("{} - not every replica answered its first probe within {}ms", name, wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ReplicaSnapshot snapshot() {
        return snapshot;
    }

    /** The settings this monitor runs with. */
    public MonitorSettings settings() {
        return settings;
    }

    @Override
    public void addListener(ReplicaStateListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void addPrimaryListener(PrimaryStateListener listener) {
        primaryListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void addTopologyListener(TopologyListener listener) {
        topologyListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void recheck() {
        try {
            scheduler.execute(this::tick);
        } catch (RejectedExecutionException e) {
            LOG.debug("{} - recheck skipped: monitor closing", name);
        }
    }

    /**
     * The driver saw a connection to this replica fail: the replica is taken out of the read pool at once
     * ({@link ReplicaState#DOWN}, a new snapshot is published and listeners are told) and is probed again at the
     * next poll; it serves reads again only after the restore dwell. Unknown endpoints are ignored.
     */
    @Override
    public void reportFailure(Endpoint replica, Throwable cause) {
        ReplicaNode node = replica == null ? null : byEndpoint.get(replica);
        if (node == null || closed.get()) {
            LOG.debug("{} - failure reported for {}, which is not a monitored replica", name, replica);
            return;
        }
        String error = cause == null ? "no detail" : Texts.describe(cause);
        String gist = Texts.headline(error, 200);
        synchronized (lock) {
            long now = clock.nanoTime();
            node.ignoreStartedBeforeNanos = now;
            if (node.tracking != null && node.status.state() == ReplicaState.DOWN) {
                return;
            }
            apply(node, HealthPolicy.Verdict.down("connection failure reported by the driver: " + gist,
                            Texts.cut(error, 300)),
                    -1, -1, node.status.position(), node.status.probeMicros(), now, null, null);
        }
    }

    /** Stops the threads and closes the probe connections; waits for the threads to end. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        probes.shutdown();
        if (primaryInFlight) {
            primaryProbe.connection().abort(aborter);
        }
        for (ReplicaNode node : nodes) {
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
        primaryProbe.connection().discard();
        for (ReplicaNode node : nodes) {
            node.probe.connection().discard();
        }
        aborter.shutdown();
        if (!ownThread) {
            awaitTermination(aborter, SHUTDOWN_SLACK_MILLIS);
        }
        LOG.info("{} - replica monitor stopped", name);
    }

    private static boolean awaitTermination(ExecutorService executor, long millis) {
        try {
            return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- polling -----------------------------------------------------------------------------------------------

    /** Replicas are probed right after the primary answers, so they compare with a fresh position; at the latest
     * after this long. */
    private long replicaStartDelayMillis() {
        return Math.min(settings.probeTimeout().toMillis(), settings.pollInterval().toMillis() / 2);
    }

    private void tick() {
        try {
            if (closed.get()) {
                return;
            }
            AtomicBoolean replicasStarted = new AtomicBoolean();
            Runnable startReplicas = () -> {
                if (replicasStarted.compareAndSet(false, true)) {
                    for (ReplicaNode node : nodes) {
                        startReplicaProbe(node);
                    }
                }
            };
            if (!startPrimaryProbe(startReplicas)) {
                startReplicas.run();
            } else {
                scheduler.schedule(guarded(startReplicas), replicaStartDelayMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("{} - poll skipped: monitor closing", name);
        } catch (Throwable e) {
            LOG.error("{} - poll failed: {}", name, e.toString(), e);
        }
    }

    /** Starts the primary probe unless one is still running; false when none was started. */
    private boolean startPrimaryProbe(Runnable then) {
        long seq;
        synchronized (lock) {
            if (primaryInFlight || closed.get()) {
                return false;
            }
            primaryInFlight = true;
            seq = ++primarySeq;
        }
        try {
            probes.execute(() -> runPrimaryProbe(seq, then));
            scheduler.schedule(guarded(() -> primaryDeadline(seq)), settings.probeTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            primaryInFlight = false;
            return false;
        }
    }

    private void runPrimaryProbe(long seq, Runnable then) {
        try {
            if (closed.get()) {
                return;
            }
            PrimaryProbe.Sample sample = primaryProbe.run();
            synchronized (lock) {
                if (seq != primaryTimedOutSeq && !closed.get()) {
                    recordPrimary(sample);
                }
            }
        } catch (Throwable e) {
            LOG.error("{} - probing primary {} failed unexpectedly: {}", name, primary, e.toString(), e);
        } finally {
            primaryInFlight = false;
            if (closed.get()) {
                primaryProbe.connection().discard();
            }
        }
        try {
            then.run();
        } catch (RejectedExecutionException e) {
            LOG.debug("{} - replica probes skipped: monitor closing", name);
        } catch (Throwable e) {
            LOG.error("{} - starting replica probes failed: {}", name, e.toString(), e);
        }
    }

    private void primaryDeadline(long seq) {
        synchronized (lock) {
            if (!primaryInFlight || primarySeq != seq || closed.get()) {
                return;
            }
            primaryTimedOutSeq = seq;
            recordPrimaryFailure(timedOut());
        }
        primaryProbe.connection().abort(aborter);
    }

    /** Under the lock. */
    private void recordPrimary(PrimaryProbe.Sample sample) {
        if (sample.failed()) {
            recordPrimaryFailure(sample.error());
            return;
        }
        boolean wasReachable = primaryState.reachable() || !primaryState.probed();
        primaryState.recordSuccess(sample.position(), sample.readNanos(), sample.clockMicros(),
                sample.heartbeatWritten());
        if (!wasReachable) {
            LOG.info("{} - primary {} reachable again", name, primary);
            tellPrimaryListeners(true, null);
        }
        if (sample.heartbeatError() != null && !heartbeatFailing) {
            heartbeatFailing = true;
            LOG.warn("{} - cannot write the heartbeat to {} on primary {}: {}; lag is measured from positions", name,
                    settings.heartbeatTable().orElse(""), primary, Texts.headline(sample.heartbeatError(), 200));
        } else if (sample.heartbeatWritten() && heartbeatFailing) {
            heartbeatFailing = false;
            LOG.info("{} - heartbeat written to primary {} again", name, primary);
        }
        LOG.debug("{} - probe primary {}: position {}, probe {}us", name, primary,
                Texts.cut(String.valueOf(sample.position()), 120), (sample.endNanos() - sample.startNanos()) / 1000);
    }

    /** Under the lock. */
    private void recordPrimaryFailure(String error) {
        boolean wasReachable = primaryState.reachable();
        primaryState.recordFailure();
        if (wasReachable) {
            String reason = Texts.headline(error, 200);
            LOG.warn("{} - primary {} unreachable: {}", name, primary, reason);
            tellPrimaryListeners(false, reason);
        }
    }

    /** Under the lock. */
    private void tellPrimaryListeners(boolean reachable, String reason) {
        for (PrimaryStateListener listener : primaryListeners) {
            try {
                listener.onPrimaryChange(reachable, reason);
            } catch (Throwable e) {
                LOG.error("{} - primary state listener {} failed: {}", name, listener, e.toString(), e);
            }
        }
    }

    private void startReplicaProbe(ReplicaNode node) {
        long seq;
        synchronized (lock) {
            if (node.inFlight || closed.get()) {
                return;
            }
            node.inFlight = true;
            seq = ++node.probeSeq;
        }
        try {
            probes.execute(() -> runReplicaProbe(node, seq));
            scheduler.schedule(guarded(() -> replicaDeadline(node, seq)), settings.probeTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            node.inFlight = false;
        }
    }

    private void runReplicaProbe(ReplicaNode node, long seq) {
        try {
            if (closed.get()) {
                return;
            }
            ReplicaProbe.Sample sample = node.probe.run();
            synchronized (lock) {
                if (seq != node.timedOutSeq && !closed.get()
                        && sample.startNanos() >= node.ignoreStartedBeforeNanos) {
                    evaluate(node, sample);
                }
            }
        } catch (Throwable e) {
            LOG.error("{} - probing replica {} failed unexpectedly: {}", name, node.endpoint, e.toString(), e);
        } finally {
            node.inFlight = false;
            if (closed.get()) {
                node.probe.connection().discard();
            }
        }
    }

    private void replicaDeadline(ReplicaNode node, long seq) {
        synchronized (lock) {
            if (!node.inFlight || node.probeSeq != seq || closed.get()) {
                return;
            }
            node.timedOutSeq = seq;
            long now = clock.nanoTime();
            String reason = timedOut();
            apply(node, HealthPolicy.Verdict.down(reason, reason), -1, -1, node.status.position(),
                    settings.probeTimeout().toNanos() / 1000, now, null, null);
        }
        node.probe.connection().abort(aborter);
    }

    private String timedOut() {
        return "probe timed out after " + settings.probeTimeout().toMillis() + "ms";
    }

    /** Under the lock: judges a finished probe and publishes the result. */
    private void evaluate(ReplicaNode node, ReplicaProbe.Sample sample) {
        if (sample.failed()) {
            long timeoutMicros = settings.probeTimeout().toNanos() / 1000;
            String reason = sample.micros() >= timeoutMicros ? timedOut()
                    : "unreachable: " + Texts.headline(sample.error(), 200);
            apply(node, HealthPolicy.Verdict.down(reason, Texts.cut(sample.error(), 300)), -1, -1,
                    node.status.position(),
                    sample.micros(), sample.endNanos(), null, null);
            return;
        }
        ReplicationRow row = sample.row();
        LagEstimate lag = primaryState.lag(row, sample.readNanos(), sample.heartbeatMicros());
        long behind = primaryState.transactionsBehind(row, sample.readNanos());
        HealthPolicy.Verdict verdict = policy.classify(row, lag, behind);
        apply(node, verdict, lag.millis(), behind, row.position(), sample.micros(), sample.readNanos(), row, lag);
    }

    /** Under the lock: moves a replica to its new status, publishes a snapshot, logs and notifies on change. */
    private void apply(ReplicaNode node, HealthPolicy.Verdict verdict, long lagMillis, long behind,
                       ReplicationPosition position, long probeMicros, long nowNanos, ReplicationRow row,
                       LagEstimate lag) {
        HealthPolicy.Tracking before = node.tracking;
        HealthPolicy.Tracking after = policy.advance(before, verdict.state(), lagMillis, nowNanos);
        ReplicaStatus previous = node.status;
        ReplicaStatus current = new ReplicaStatus(node.endpoint, verdict.state(), after.serving(), verdict.reason(),
                lagMillis, behind, position, probeMicros, clock.instant(after.sinceNanos()), clock.instant(nowNanos),
                verdict.error());
        node.tracking = after;
        node.status = current;
        ReplicaSnapshot published = buildSnapshot(nowNanos);
        snapshot = published;
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} - {}", name, MonitorLog.probeDetail(current, row,
                    lag != null ? lag : LagEstimate.unknown(verdict.reason())));
        }
        boolean first = before == null;
        if (first || previous.state() != current.state() || previous.serving() != current.serving()) {
            long dwell = before != null && before.goodSinceNanos() >= 0
                    ? (nowNanos - before.goodSinceNanos()) / 1_000_000 : 0;
            String line = MonitorLog.stateChange(previous, current, first, published, policy, dwell);
            if (current.state() == ReplicaState.HEALTHY) {
                LOG.info("{} - {}", name, line);
            } else {
                LOG.warn("{} - {}", name, line);
            }
            for (ReplicaStateListener listener : listeners) {
                try {
                    listener.onChange(previous, current, published);
                } catch (Throwable e) {
                    LOG.error("{} - replica state listener {} failed: {}", name, listener, e.toString(), e);
                }
            }
        }
        if (!node.firstCounted) {
            node.firstCounted = true;
            firstRound.countDown();
        }
    }

    /** Under the lock (or before start). */
    private ReplicaSnapshot buildSnapshot(long nowNanos) {
        List<ReplicaStatus> statuses = new ArrayList<>(nodes.size());
        for (ReplicaNode node : nodes) {
            statuses.add(node.status);
        }
        return ReplicaSnapshot.of(clock.instant(nowNanos), primary, null, statuses, primaryState.latestPosition());
    }

    private void logSummary() {
        try {
            LOG.info("{} - {}", name, MonitorLog.summary(snapshot));
        } catch (Throwable e) {
            LOG.error("{} - lag summary failed: {}", name, e.toString(), e);
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

    @Override
    public String toString() {
        return "ReplicaMonitor[" + name + ", primary " + primary + ", " + snapshot + "]";
    }
}
