package io.rwsplit.monitor;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
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
    /** While no primary is known, rounds run at most this far apart. */
    static final long FAST_POLL_MILLIS = 100;

    private final MonitorSettings settings;
    private final String name;
    private final MonitorClock clock;
    private final HealthPolicy policy;
    private final ProbeConnector connector;
    private final Heartbeat heartbeat;
    private final Servers servers = new Servers();
    private final Topology topology;
    private final Listeners listeners;
    private final ProbeScheduler scheduler;
    private final Discovery discovery;
    private final Object lock = new Object();
    private volatile ReplicaSnapshot snapshot;
    private volatile boolean initialPhase = true;
    private boolean heartbeatFailing;

    private ReplicaMonitor(MonitorSettings settings, List<Endpoint> seeds, ProbeConnector connector,
                           MonitorClock clock) {
        this.settings = settings;
        this.name = settings.clusterName();
        this.clock = clock;
        this.connector = connector;
        this.policy = new HealthPolicy(settings);
        this.heartbeat = settings.heartbeatTable().map(Heartbeat::new).orElse(null);
        this.topology = new Topology(this::newPrimaryState);
        this.listeners = new Listeners(name);
        for (Endpoint seed : seeds) {
            servers.add(newNode(seed, true));
        }
        this.snapshot = buildSnapshot(clock.nanoTime());
        this.scheduler = new ProbeScheduler(settings, clock, lock, servers, topology, this::record,
                () -> snapshot.primary() != null);
        this.discovery = new Discovery(name, servers, topology, scheduler, this::newDiscoveredNode,
                () -> snapshot = buildSnapshot(clock.nanoTime()));
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

    /** Under the lock: a server that joins later than start serves only after the restore dwell, as a replica that
     * was out does. */
    private ServerNode newDiscoveredNode(Endpoint endpoint) {
        ServerNode node = newNode(endpoint, false);
        if (!initialPhase) {
            node.tracking = new HealthPolicy.Tracking(ReplicaState.DOWN, clock.nanoTime(), false, -1);
        }
        return node;
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
        servers.forEach(node -> seeds.add(node.endpoint.toString()));
        LOG.info("{} - monitoring {} every {}ms: maxLag={}ms, restoreLag={}ms, restoreDwell={}ms, probeTimeout={}ms, "
                        + "maxTransactionsBehind={}, heartbeat={}, discoverReplicas={}", name, seeds,
                settings.pollInterval().toMillis(), settings.maxLag().toMillis(), settings.restoreLag().toMillis(),
                settings.restoreDwell().toMillis(), settings.probeTimeout().toMillis(),
                settings.maxTransactionsBehind() == 0 ? "no limit" : settings.maxTransactionsBehind(),
                settings.heartbeatTable().orElse("off"), settings.discoverReplicas());
        long wait = scheduler.replicaStartDelayMillis() + settings.probeTimeout().toMillis()
                + FIRST_ROUND_SLACK_MILLIS;
        try {
            // First round: every seed at once, to learn the roles; replicas are judged from the second round on,
            // when the primary answers first and they compare with its fresh position.
            ProbeRound first = new ProbeRound();
            scheduler.round(first);
            boolean complete = first.await(System.nanoTime() + wait * 1_000_000);
            synchronized (lock) {
                initialPhase = false;
                resolve(clock.nanoTime());
            }
            ProbeRound second = new ProbeRound();
            scheduler.round(second);
            complete &= second.await(System.nanoTime() + wait * 1_000_000);
            if (!complete) {
                LOG.warn("{} - not every server answered its first probes within {}ms", name, wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.startPolling(settings.lagSummaryInterval().toMillis(), this::logSummary);
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
        listeners.add(listener);
    }

    @Override
    public void addPrimaryListener(PrimaryStateListener listener) {
        listeners.add(listener);
    }

    @Override
    public void addTopologyListener(TopologyListener listener) {
        listeners.add(listener);
    }

    /**
     * Starts a round now. Calls made while one is waiting to start are merged into it; a server whose probe is
     * still running is not probed twice.
     */
    @Override
    public void recheck() {
        scheduler.recheck();
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
            ServerNode node = servers.find(replica);
            if (node == null || scheduler.closed() || replica.equals(topology.primary())) {
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
        if (scheduler.stop()) {
            LOG.info("{} - replica monitor stopped", name);
        }
    }

    // ---- what a probe tells ------------------------------------------------------------------------------------

    /** Under the lock: takes in a finished (or timed out) probe: roles, primary, discovery, replica health. */
    private void record(ServerNode node, ServerProbe.Sample sample) {
        long now = sample.endNanos();
        node.last = sample;
        if (!sample.failed()) {
            node.serverId = sample.serverId();
            if (discovery.dropAlias(node)) {
                return;
            }
        }
        boolean wasPrimary = node.endpoint.equals(topology.primary());
        if (wasPrimary) {
            recordPrimary(node, sample);
        }
        if (settings.discoverReplicas() && !sample.failed()) {
            discovery.discoverSource(node, sample);
        }
        if (initialPhase) {
            if (settings.discoverReplicas() && sample.primaryCandidate() && sample.listed() != null) {
                discovery.discoverListed(sample.listed());
            }
            return;
        }
        if (resolve(now)) {
            scheduler.recheck();
        }
        if (node.endpoint.equals(topology.primary())) {
            if (settings.discoverReplicas()) {
                discovery.listing(node, sample);
            }
            snapshot = buildSnapshot(now);
        } else {
            judge(node, sample);
        }
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
                listeners.primaryReachable(false, reason);
            }
            return;
        }
        boolean wasReachable = state.reachable() || !state.probed();
        state.recordSuccess(sample.position(), sample.readNanos(), sample.clockMicros(), sample.heartbeatWritten());
        if (!wasReachable) {
            LOG.info("{} - primary {} reachable again", name, node);
            listeners.primaryReachable(true, null);
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

    /** Under the lock: resolves the primary again; on a change publishes, logs and tells listeners; true then. */
    private boolean resolve(long now) {
        Topology.Change change = topology.resolve(servers.views(), endpoint -> {
            ServerNode node = servers.find(endpoint);
            return node == null ? null : node.last;
        }, now);
        if (change == null) {
            snapshot = buildSnapshot(now);
            return false;
        }
        ServerNode previous = servers.find(change.previous());
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
            listeners.primaryChanged(change.previous(), change.current(), change.reason());
        }
        heartbeatFailing = false;
        return true;
    }

    /** Under the lock: judges a server that is not the primary as a replica and publishes the result. */
    private void judge(ServerNode node, ServerProbe.Sample sample) {
        if (sample.failed()) {
            long timeoutMicros = settings.probeTimeout().toNanos() / 1000;
            String reason = sample.micros() >= timeoutMicros ? scheduler.timedOut()
                    : "unreachable: " + Texts.headline(sample.error(), 200);
            apply(node, HealthPolicy.Verdict.down(reason, Texts.cut(sample.error(), 300)), -1, -1,
                    node.status.position(), sample.micros(), sample.endNanos(), null, null);
            return;
        }
        if (!topology.comparable(sample.startNanos())) {
            // Started before the new primary's position was known. The round the change starts judges it, or, when
            // this probe was still running as that round began, the probe run again as soon as this one ends.
            node.probeAgain = true;
            return;
        }
        List<PrimaryResolver.View> views = servers.views();
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
            listeners.replicaChanged(previous, current, published);
        }
    }

    /** Under the lock (or before start). */
    private ReplicaSnapshot buildSnapshot(long nowNanos) {
        Endpoint primary = topology.primary();
        List<ReplicaStatus> statuses = servers.replicaStatuses(primary);
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

    @Override
    public String toString() {
        return "ReplicaMonitor[" + name + ", " + snapshot + "]";
    }
}