package io.rwsplit.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a replication topology from seed servers: every poll interval it probes each known server the same way
 * (server id, {@code read_only}, replication status, and for the primary its position, clock and heartbeat), decides
 * which server is the one primary ({@link PrimaryResolver}), measures each other server's lag against it, decides
 * with hysteresis which may serve reads, and publishes the result as an immutable {@link ReplicaSnapshot} that
 * {@link #snapshot()} returns without locking.
 *
 * <p>The primary is probed first in each round and the others right after it answers, so they compare with a fresh
 * position. A primary that merely stops answering stays the primary ({@link PrimaryStateListener}s hear it); the
 * primary moves only when another server is the single writable, non-replicating one, and becomes unknown when the
 * current one answers read-only or replicating (a switchover) or two servers are writable (a split brain). Each change
 * is published, logged once and told to {@link TopologyListener}s; while no primary is known, rounds run every
 * {@value #FAST_POLL_MILLIS} ms at most apart and replicas are judged against the last known primary, so reads go on.
 * With {@link MonitorSettings#discoverReplicas()}, the primary's listed replicas and each replica's source join the
 * monitored servers; a discovered server the primary stops listing leaves again.
 *
 * <p>Each server is probed on its own thread with a deadline of the probe timeout: a server that stops answering is
 * reported {@link ReplicaState#DOWN} within about one poll interval plus the probe timeout, its connection is aborted,
 * and the others keep being polled on schedule. State changes are logged once each, with the cluster name as prefix;
 * a one-line lag summary follows every lag summary interval.
 *
 * <pre>{@code
 * try (ReplicaMonitor monitor = ReplicaMonitor.start(settings, List.of(seed1, seed2),
 *         ProbeConnector.driverManager("monitor", password, null))) {
 *     Endpoint writeTo = monitor.snapshot().primary();
 *     List<Endpoint> readPool = monitor.snapshot().serving();
 * }
 * }</pre>
 */
public final class ReplicaMonitor implements ReplicaHealth {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMonitor.class);
    private static final long FIRST_ROUND_SLACK_MILLIS = 500;
    private static final long SHUTDOWN_SLACK_MILLIS = 1000;
    private static final long FAST_POLL_MILLIS = 100;

    private final MonitorSettings settings;
    private final String name;
    private final MonitorClock clock;
    private final HealthPolicy policy;
    private final ProbeConnector connector;
    private final Heartbeat heartbeat;
    private final List<ServerNode> nodes = new CopyOnWriteArrayList<>();
    private final Topology topology;
    private final List<ReplicaStateListener> listeners = new CopyOnWriteArrayList<>();
    private final List<PrimaryStateListener> primaryListeners = new CopyOnWriteArrayList<>();
    private final List<TopologyListener> topologyListeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService probes;
    private final ExecutorService aborter;
    private final String threadPrefix;
    private final Object lock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean roundRequested = new AtomicBoolean();
    private volatile ReplicaSnapshot snapshot;
    private volatile ProbeRound currentRound = new ProbeRound();
    private volatile boolean initialPhase = true;
    private boolean heartbeatFailing;
    private boolean listingFailing;

    private ReplicaMonitor(MonitorSettings settings, List<Endpoint> seeds, ProbeConnector connector,
                           MonitorClock clock) {
        this.settings = settings;
        this.name = settings.clusterName();
        this.clock = clock;
        this.connector = connector;
        this.policy = new HealthPolicy(settings);
        this.heartbeat = settings.heartbeatTable().map(Heartbeat::new).orElse(null);
        this.topology = new Topology(this::newPrimaryState);
        for (Endpoint seed : seeds) {
            nodes.add(newNode(seed, true));
        }
        this.snapshot = buildSnapshot(clock.nanoTime());
        this.threadPrefix = "rwsplit-monitor-" + name + "-";
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("scheduler", false));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // One thread per server probed at once: grows with discovered servers, idle threads end.
        this.probes = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                threads("probe-", true));
        this.aborter = Executors.newSingleThreadExecutor(threads("abort", false));
    }

    private PrimaryState newPrimaryState() {
        long horizon = Math.max(Duration.ofSeconds(60).toNanos(), settings.maxLag().toNanos() * 4);
        int capacity = (int) Math.min(4096, horizon / settings.pollInterval().toNanos() + 2);
        return new PrimaryState(new PositionHistory(capacity, horizon));
    }

    private ServerNode newNode(Endpoint endpoint, boolean seed) {
        long now = clock.nanoTime();
        ServerProbe probe = new ServerProbe(new ProbeConnection(name, endpoint, connector, settings.probeTimeout()),
                heartbeat, clock.nanoSupplier());
        return new ServerNode(endpoint, seed, probe, new ReplicaStatus(endpoint, ReplicaState.DOWN, false,
                "not probed yet", -1, -1, null, 0, clock.instant(now), clock.instant(now), null));
    }

    /**
     * Starts monitoring the servers named as seeds (any order; any of them may be the primary) and returns once each
     * has been probed (or its probe has timed out), together with the servers discovered meanwhile when they answer
     * within the same wait, so the first snapshot already names the primary when one can be told and which replicas
     * serve reads.
     *
     * @param seeds     the servers to start from, e.g. the URL's hosts in URL order; {@link ReplicaSnapshot#replicas()}
     *                  keeps this order, discovered servers follow
     * @param connector opens the monitor's connections (e.g. {@link ProbeConnector#driverManager})
     * @throws IllegalArgumentException if there is no seed or one is listed twice
     */
    public static ReplicaMonitor start(MonitorSettings settings, List<Endpoint> seeds, ProbeConnector connector) {
        return start(settings, seeds, connector, MonitorClock.system());
    }

    static ReplicaMonitor start(MonitorSettings settings, List<Endpoint> seeds, ProbeConnector connector,
                                MonitorClock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(connector, "connector");
        List<Endpoint> copy = List.copyOf(seeds);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(settings.clusterName() + " - no server to monitor");
        }
        if (new HashSet<>(copy).size() != copy.size()) {
            throw new IllegalArgumentException(settings.clusterName() + " - a server is listed twice: " + copy);
        }
        ReplicaMonitor monitor = new ReplicaMonitor(settings, copy, connector, clock);
        monitor.begin();
        return monitor;
    }

    private void begin() {
        StringJoiner seeds = new StringJoiner(", ");
        nodes.forEach(node -> seeds.add(node.endpoint.toString()));
        LOG.info("{} - monitoring {} every {}ms: maxLag={}ms, restoreLag={}ms, restoreDwell={}ms, probeTimeout={}ms, "
                        + "maxTransactionsBehind={}, heartbeat={}, discoverReplicas={}", name, seeds,
                settings.pollInterval().toMillis(), settings.maxLag().toMillis(), settings.restoreLag().toMillis(),
                settings.restoreDwell().toMillis(), settings.probeTimeout().toMillis(),
                settings.maxTransactionsBehind() == 0 ? "no limit" : settings.maxTransactionsBehind(),
                settings.heartbeatTable().orElse("off"), settings.discoverReplicas());
        long wait = replicaStartDelayMillis() + settings.probeTimeout().toMillis() + FIRST_ROUND_SLACK_MILLIS;
        try {
            // First round: every seed at once, to learn the roles; replicas are judged from the second round on,
            // when the primary answers first and they compare with its fresh position.
            ProbeRound first = currentRound;
            tick(first);
            boolean complete = first.await(System.nanoTime() + wait * 1_000_000);
            synchronized (lock) {
                initialPhase = false;
                resolve(clock.nanoTime());
            }
            ProbeRound second = new ProbeRound();
            tick(second);
            complete &= second.await(System.nanoTime() + wait * 1_000_000);
            if (!complete) {
                LOG.warn("{} - not every server answered its first probes within {}ms", name, wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduleNextRound();
        long summary = settings.lagSummaryInterval().toMillis();
        if (summary > 0) {
            scheduler.scheduleAtFixedRate(this::logSummary, summary, summary, TimeUnit.MILLISECONDS);
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

    /**
     * Starts a round now. Calls made while one is waiting to start are merged into it; a server whose probe is
     * still running is not probed twice.
     */
    @Override
    public void recheck() {
        if (closed.get() || !roundRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.execute(guarded(() -> {
                roundRequested.set(false);
                tick(new ProbeRound());
            }));
        } catch (RejectedExecutionException e) {
            roundRequested.set(false);
            LOG.debug("{} - recheck skipped: monitor closing", name);
        }
    }

    /**
     * The driver saw a connection to this replica fail: the replica is taken out of the read pool at once
     * ({@link ReplicaState#DOWN}, a new snapshot is published and listeners are told) and is probed again at the
     * next poll; it serves reads again only after the restore dwell. Unknown endpoints and the primary are ignored.
     */
    @Override
    public void reportFailure(Endpoint replica, Throwable cause) {
        String error = cause == null ? "no detail" : Texts.describe(cause);
        String gist = Texts.headline(error, 200);
        synchronized (lock) {
            ServerNode node = find(replica);
            if (node == null || closed.get() || replica.equals(topology.primary())) {
                LOG.debug("{} - failure reported for {}, which is not a monitored replica", name, replica);
                return;
            }
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
        for (ServerNode node : nodes) {
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
        for (ServerNode node : nodes) {
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

    /** Other servers are probed right after the primary answers, so they compare with a fresh position; at the
     * latest after this long. */
    private long replicaStartDelayMillis() {
        return Math.min(settings.probeTimeout().toMillis(), settings.pollInterval().toMillis() / 2);
    }

    /** The next regular round: after the poll interval, or soon while no primary is known. */
    private void scheduleNextRound() {
        if (closed.get()) {
            return;
        }
        long poll = settings.pollInterval().toMillis();
        long delay = snapshot.primary() == null ? Math.min(poll, FAST_POLL_MILLIS) : poll;
        try {
            scheduler.schedule(() -> {
                try {
                    tick(new ProbeRound());
                } finally {
                    scheduleNextRound();
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{} - polling ends: monitor closing", name);
        }
    }

    private void tick(ProbeRound round) {
        try {
            if (closed.get()) {
                return;
            }
            currentRound = round;
            ServerNode primary;
            synchronized (lock) {
                primary = find(topology.primary());
            }
            AtomicBoolean othersStarted = new AtomicBoolean();
            round.register(); // until the others have started, so that the round is not over before
            Runnable startOthers = () -> {
                if (othersStarted.compareAndSet(false, true)) {
                    try {
                        for (ServerNode node : nodes) {
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
                    record(node, sample);
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

    private void deadline(ServerNode node, long seq, Runnable done) {
        synchronized (lock) {
            if (!node.inFlight || node.probeSeq != seq || closed.get() || node.removed) {
                return;
            }
            node.timedOutSeq = seq;
            long now = clock.nanoTime();
            record(node, ServerProbe.Sample.failure(timedOut(), now - settings.probeTimeout().toNanos(), now));
        }
        node.probe.connection().abort(aborter);
        done.run();
    }

    private String timedOut() {
        return "probe timed out after " + settings.probeTimeout().toMillis() + "ms";
    }

    // ---- what a probe tells ------------------------------------------------------------------------------------

    /** Under the lock: takes in a finished (or timed out) probe: roles, primary, discovery, replica health. */
    private void record(ServerNode node, ServerProbe.Sample sample) {
        long now = sample.endNanos();
        node.last = sample;
        if (!sample.failed()) {
            node.serverId = sample.serverId();
            if (dropAlias(node)) {
                return;
            }
        }
        boolean wasPrimary = node.endpoint.equals(topology.primary());
        if (wasPrimary) {
            recordPrimary(node, sample);
        }
        if (settings.discoverReplicas() && !sample.failed()) {
            discoverSource(node, sample);
        }
        if (initialPhase) {
            if (settings.discoverReplicas() && sample.primaryCandidate() && sample.listed() != null) {
                discoverListed(sample.listed());
            }
            return;
        }
        if (resolve(now)) {
            recheck();
        }
        if (node.endpoint.equals(topology.primary())) {
            if (settings.discoverReplicas()) {
                listing(node, sample);
            }
            snapshot = buildSnapshot(now);
        } else {
            judge(node, sample);
        }
    }

    /** Under the lock: a discovered server with the server id of one known before is that server: it leaves. */
    private boolean dropAlias(ServerNode node) {
        if (node.seed) {
            return false;
        }
        for (ServerNode other : nodes) {
            if (other == node) {
                return false;
            }
            if (other.serverId == node.serverId && node.serverId != 0) {
                LOG.info("{} - {} is {} (server_id {}) under another name: not monitored twice", name, node,
                        other, node.serverId);
                topology.alias(node.endpoint);
                remove(node);
                return true;
            }
        }
        return false;
    }

    /** Under the lock: the current primary's probe: its position, clock, reachability and heartbeat. */
    private void recordPrimary(ServerNode node, ServerProbe.Sample sample) {
        PrimaryState state = topology.primaryState();
        if (sample.failed()) {
            boolean wasReachable = state.reachable();
            state.recordFailure();
            if (wasReachable) {
                String reason = Texts.headline(sample.error(), 200);
                LOG.warn("{} - primary {} unreachable: {}", name, node, reason);
                tellPrimaryListeners(false, reason);
            }
            return;
        }
        boolean wasReachable = state.reachable() || !state.probed();
        state.recordSuccess(sample.position(), sample.readNanos(), sample.clockMicros(), sample.heartbeatWritten());
        if (!wasReachable) {
            LOG.info("{} - primary {} reachable again", name, node);
            tellPrimaryListeners(true, null);
        }
        if (sample.heartbeatError() != null && !heartbeatFailing) {
            heartbeatFailing = true;
            LOG.warn("{} - cannot write the heartbeat to {} on primary {}: {}; lag is measured from positions", name,
                    settings.heartbeatTable().orElse(""), node, Texts.headline(sample.heartbeatError(), 200));
        } else if (sample.heartbeatWritten() && heartbeatFailing) {
            heartbeatFailing = false;
            LOG.info("{} - heartbeat written to primary {} again", name, node);
        }
        LOG.debug("{} - probe primary {}: position {}, probe {}us", name, node,
                Texts.cut(String.valueOf(sample.position()), 120), sample.micros());
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

    /** Under the lock: resolves the primary again; on a change publishes, logs and tells listeners; true then. */
    private boolean resolve(long now) {
        Topology.Change change = topology.resolve(views(), endpoint -> {
            ServerNode node = find(endpoint);
            return node == null ? null : node.last;
        }, now);
        if (change == null) {
            snapshot = buildSnapshot(now);
            return false;
        }
        ServerNode previous = find(change.previous());
        if (previous != null && !previous.endpoint.equals(change.current())) {
            // back among the replicas: it serves reads only after the restore dwell, once it replicates from the
            // primary
            PrimaryResolver.View view = previous.view();
            ReplicaState state = view.reachable() ? ReplicaState.STOPPED : ReplicaState.DOWN;
            previous.tracking = new HealthPolicy.Tracking(state, now, false, -1);
            previous.status = new ReplicaStatus(previous.endpoint, state, false, "no longer the primary: "
                    + PrimaryResolver.state(view), -1, -1, null, 0, clock.instant(now), clock.instant(now), null);
        }
        ReplicaSnapshot published = buildSnapshot(now);
        snapshot = published;
        if (change.current() != null) {
            LOG.info("{} - {}", name, change.line());
        } else {
            LOG.warn("{} - {}", name, change.line());
        }
        if (change.previous() != null || change.current() != null) {
            for (TopologyListener listener : topologyListeners) {
                try {
                    listener.onPrimaryChange(change.previous(), change.current(), change.reason());
                } catch (Throwable e) {
                    LOG.error("{} - topology listener {} failed: {}", name, listener, e.toString(), e);
                }
            }
        }
        heartbeatFailing = false;
        return true;
    }

    /** Under the lock: judges a server that is not the primary as a replica and publishes the result. */
    private void judge(ServerNode node, ServerProbe.Sample sample) {
        if (sample.failed()) {
            long timeoutMicros = settings.probeTimeout().toNanos() / 1000;
            String reason = sample.micros() >= timeoutMicros ? timedOut()
                    : "unreachable: " + Texts.headline(sample.error(), 200);
            apply(node, HealthPolicy.Verdict.down(reason, Texts.cut(sample.error(), 300)), -1, -1,
                    node.status.position(), sample.micros(), sample.endNanos(), null, null);
            return;
        }
        if (!topology.comparable(sample.startNanos())) {
            return; // started before the new primary's position was known: the round the change started judges it
        }
        List<PrimaryResolver.View> views = views();
        Topology.Judgement judgement = topology.judge(node.view(), views, policy, sample.statusNanos(),
                sample.heartbeatMicros());
        ReplicationRow row = sample.row();
        apply(node, judgement.verdict(), judgement.lag().millis(), judgement.behind(), row.position(),
                sample.micros(), sample.statusNanos(), row, judgement.lag());
    }

    /** Under the lock: moves a replica to its new status, publishes a snapshot, logs and notifies on change. */
    private void apply(ServerNode node, HealthPolicy.Verdict verdict, long lagMillis, long behind,
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
    }

    // ---- discovery ---------------------------------------------------------------------------------------------

    /** Under the lock: a replica's source that no known server is joins. */
    private void discoverSource(ServerNode node, ServerProbe.Sample sample) {
        Endpoint source = sample.row().source();
        if (source == null || PrimaryResolver.sourceOf(node.view(), views()) != null || topology.isAlias(source)) {
            return;
        }
        add(source, "discovered " + source + " (server_id " + sample.row().sourceServerId() + "), the source of "
                + node);
    }

    /** Under the lock: servers a primary lists that are not known join. */
    private void discoverListed(List<ListedReplica> listed) {
        for (ListedReplica replica : listed) {
            if (find(replica.endpoint()) == null && findById(replica.serverId()) == null
                    && !topology.isAlias(replica.endpoint())) {
                add(replica.endpoint(), "discovered replica " + replica.endpoint() + " (server_id "
                        + replica.serverId() + ")");
            }
        }
    }

    /** Under the lock: the current primary's listing adds new replicas and removes those gone for good. */
    private void listing(ServerNode primary, ServerProbe.Sample sample) {
        if (sample.failed()) {
            return;
        }
        if (sample.listed() == null) {
            if (!listingFailing) {
                listingFailing = true;
                LOG.warn("{} - cannot list the replicas of primary {}: {}; replicas are found as seeds and sources "
                        + "only (the monitor user needs REPLICATION MASTER ADMIN on MariaDB, REPLICATION SLAVE on "
                        + "MySQL)", name, primary, Texts.headline(sample.listError(), 200));
            }
            return;
        }
        if (listingFailing) {
            listingFailing = false;
            LOG.info("{} - replicas of primary {} listed again", name, primary);
        }
        discoverListed(sample.listed());
        List<PrimaryResolver.View> views = views();
        for (ServerNode node : List.copyOf(nodes)) {
            if (node.seed || node == primary) {
                continue;
            }
            boolean listed = sample.listed().stream().anyMatch(replica -> replica.endpoint().equals(node.endpoint)
                    || replica.serverId() != 0 && replica.serverId() == node.serverId);
            boolean replicatesFromPrimary = node.last != null && !node.last.failed() && node.last.row().replicating()
                    && primary.endpoint.equals(PrimaryResolver.sourceOf(node.view(), views));
            node.missedListings = listed || replicatesFromPrimary ? 0 : node.missedListings + 1;
            if (node.missedListings >= Topology.MISSED_LISTINGS_TO_LEAVE) {
                LOG.info("{} - {} no longer listed by the primary: removed", name, node);
                remove(node);
            }
        }
    }

    /** Under the lock. */
    private void add(Endpoint endpoint, String line) {
        ServerNode node = newNode(endpoint, false);
        if (!initialPhase) {
            // joins later than start: serves only after the restore dwell, as a replica that was out does
            node.tracking = new HealthPolicy.Tracking(ReplicaState.DOWN, clock.nanoTime(), false, -1);
        }
        nodes.add(node);
        LOG.info("{} - {}", name, line);
        snapshot = buildSnapshot(clock.nanoTime());
        startProbe(node, currentRound, null);
    }

    /** Under the lock. */
    private void remove(ServerNode node) {
        node.removed = true;
        nodes.remove(node);
        if (node.inFlight) {
            node.probe.connection().abort(aborter);
        } else {
            node.probe.connection().discard();
        }
        snapshot = buildSnapshot(clock.nanoTime());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private List<PrimaryResolver.View> views() {
        List<PrimaryResolver.View> views = new ArrayList<>(nodes.size());
        for (ServerNode node : nodes) {
            views.add(node.view());
        }
        return views;
    }

    private ServerNode find(Endpoint endpoint) {
        if (endpoint == null) {
            return null;
        }
        for (ServerNode node : nodes) {
            if (node.endpoint.equals(endpoint)) {
                return node;
            }
        }
        return null;
    }

    private ServerNode findById(long serverId) {
        if (serverId == 0) {
            return null;
        }
        for (ServerNode node : nodes) {
            if (node.serverId == serverId) {
                return node;
            }
        }
        return null;
    }

    /** Under the lock (or before start). */
    private ReplicaSnapshot buildSnapshot(long nowNanos) {
        Endpoint primary = topology.primary();
        List<ReplicaStatus> statuses = new ArrayList<>(nodes.size());
        for (ServerNode node : nodes) {
            if (!node.endpoint.equals(primary)) {
                statuses.add(node.status);
            }
        }
        PrimaryState state = topology.primaryState();
        return ReplicaSnapshot.of(clock.instant(nowNanos), primary, primary == null ? topology.problem() : null,
                statuses, state == null ? null : state.latestPosition());
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
        return "ReplicaMonitor[" + name + ", " + snapshot + "]";
    }
}
