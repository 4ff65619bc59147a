package io.rwsplit.consistency;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ProbeConnector;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicaStateListener;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.monitor.ReplicationPosition;
import io.rwsplit.monitor.ServerKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes for one cluster: the mode, the newest write acknowledged in this JVM (for the cluster scope), the
 * newest position a wait confirmed on each replica, and the counters. Thread-safe; each logical connection keeps its
 * own part in a {@link CausalSession}.
 */
public final class CausalReads implements ReplicaStateListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CausalReads.class);
    private static final String TRACK_SESSION_STATE = "trackSessionState";
    /**
     * How long past the causal timeout a wait's answer may take before the replica counts as frozen: the server
     * answers at the timeout, so this only has to cover a busy machine.
     */
    private static final int ANSWER_GRACE_MILLIS = 500;
    /**
     * How long a replica whose wait timed out is not waited on again unless known to have the write: a delayed replica
     * looks prompt while idle, until the monitor has seen writes age on it.
     */
    private static final long TIMED_OUT_HOLD_NANOS = 1_000_000_000L;

    private final String clusterName;
    private final ReadYourWrites mode;
    private final ConsistencyScope scope;
    private final long windowNanos;
    private final Duration timeout;
    private final GtidTracking tracking = new GtidTracking();
    private final AtomicReference<ReplicationPosition> clusterPosition = new AtomicReference<>();
    private final AtomicLong clusterLastWrite = new AtomicLong(Long.MIN_VALUE);
    private final Map<Endpoint, ReplicationPosition> confirmed = new ConcurrentHashMap<>();
    private final Map<Endpoint, Long> timedOutAt = new ConcurrentHashMap<>();
    private final LongAdder coveredReads = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitsReached = new LongAdder();
    private final LongAdder primaryReads = new LongAdder();
    private final LongAdder startWaits = new LongAdder();
    private volatile CatchUpWatcher watcher;
    private volatile long startWaitNanos;
    private volatile boolean warnedWithoutGtids;
    private volatile boolean warnedWaitFailed;

    public CausalReads(String clusterName, ReadYourWrites mode, ConsistencyScope scope, Duration window,
                       Duration timeout) {
        this.clusterName = clusterName;
        this.mode = mode;
        this.scope = scope;
        this.windowNanos = window.toNanos();
        this.timeout = timeout;
    }

    /**
     * Starts learning, through the monitor's connections, when replicas catch up with positions that reads left them
     * for (gtid mode); see {@link CatchUpWatcher}. Without it, only the monitor's polls and earlier waits tell.
     *
     * @param transactionStartWait how long a transaction may wait for it at its start (see {@link #awaitCatchUp})
     */
    public void watchCatchUp(ProbeConnector connector, Duration transactionStartWait) {
        if (mode == ReadYourWrites.GTID) {
            startWaitNanos = transactionStartWait.toNanos();
            watcher = new CatchUpWatcher(clusterName, connector, tracking::kind, this::confirm);
        }
    }

    /** Stops the catch-up watcher's threads. */
    @Override
    public void close() {
        CatchUpWatcher running = watcher;
        if (running != null) {
            running.close();
        }
    }

    /** Plain splitting, for clusters built without a configuration (tests). */
    public static CausalReads off() {
        return new CausalReads("", ReadYourWrites.OFF, ConsistencyScope.CONNECTION, Duration.ZERO, Duration.ZERO);
    }

    public ReadYourWrites mode() {
        return mode;
    }

    public ConsistencyScope scope() {
        return scope;
    }

    /**
     * The primary's connection properties with {@code trackSessionState=true} added in gtid mode, so that a commit's
     * GTID comes back in its OK packet; a value the user set is kept.
     */
    public Properties primaryProperties(Properties properties) {
        if (mode.usesGtids() && !properties.containsKey(TRACK_SESSION_STATE)) {
            properties.setProperty(TRACK_SESSION_STATE, "true");
        }
        return properties;
    }

    /**
     * Prepares a primary connection just borrowed from its pool (in gtid mode: turns GTID tracking on, once per server
     * connection).
     *
     * @return whether its OK packets carry the GTID of each commit
     */
    public boolean preparePrimary(Connection primary) throws SQLException {
        return mode.usesGtids() && tracking.prepare(primary);
    }

    /** The state of one new logical connection. */
    public CausalSession newSession() {
        return new CausalSession(this);
    }

    public ConsistencyStatistics statistics() {
        CatchUpWatcher running = watcher;
        return new ConsistencyStatistics(mode.key(), coveredReads.sum(), waits.sum(), waitsReached.sum(),
                primaryReads.sum(), running == null ? 0 : running.waits(), startWaits.sum());
    }

    /** A replica that stops serving may come back rebuilt, behind what a wait confirmed on it before. */
    @Override
    public void onChange(ReplicaStatus previous, ReplicaStatus current, ReplicaSnapshot snapshot) {
        if (!current.serving()) {
            confirmed.remove(current.endpoint());
            CatchUpWatcher running = watcher;
            if (running != null) {
                running.forget(current.endpoint());
            }
        }
    }

    // ---- for CausalSession and the routing connection ---------------------------------------------------------

    GtidTracking tracking() {
        return tracking;
    }

    long windowNanos() {
        return windowNanos;
    }

    /** Whether gtid mode has to work as primary-window, the primary writing no GTIDs; warns once. */
    boolean withoutGtids() {
        if (!tracking.withoutGtids()) {
            return false;
        }
        if (!warnedWithoutGtids) {
            warnedWithoutGtids = true;
            LOG.warn("{} - rwsplit.readYourWrites={}, but the primary has gtid_mode OFF: reads go to the primary for "
                    + "rwsplit.readYourWritesWindow={}ms after each write instead", clusterName, mode.key(),
                    windowNanos / 1_000_000);
        }
        return true;
    }

    /** A write was acknowledged to the app: in the cluster scope, every later read must see it. */
    void acknowledged(ReplicationPosition position, long atNanos) {
        if (scope != ConsistencyScope.CLUSTER) {
            return;
        }
        clusterLastWrite.accumulateAndGet(atNanos, Math::max);
        ServerKind kind = tracking.kind();
        if (position != null && kind != null) {
            clusterPosition.accumulateAndGet(position, kind::merge);
        }
    }

    ReplicationPosition clusterPosition() {
        return scope == ConsistencyScope.CLUSTER ? clusterPosition.get() : null;
    }

    long clusterLastWrite() {
        return scope == ConsistencyScope.CLUSTER ? clusterLastWrite.get() : Long.MIN_VALUE;
    }

    /** The serving replicas worth sending a read that needs {@code needed} to; see {@link Coverage#candidates}. */
    ReplicaSnapshot candidates(ReplicaSnapshot snapshot, ReplicationPosition needed) {
        return Coverage.candidates(snapshot, needed, confirmed, timeout.toMillis(), this::justTimedOut);
    }

    /** The serving replicas known to have applied {@code needed} (see {@link Coverage#covering}). */
    public ReplicaSnapshot covering(ReplicaSnapshot snapshot, ReplicationPosition needed) {
        return needed == null ? snapshot : Coverage.covering(snapshot, needed, confirmed);
    }

    private boolean justTimedOut(Endpoint replica) {
        Long at = timedOutAt.get(replica);
        return at != null && System.nanoTime() - at < TIMED_OUT_HOLD_NANOS;
    }

    /** Whether the replica is known to have applied {@code needed}, by the monitor or an earlier wait. */
    boolean knownToCover(ReplicaSnapshot snapshot, Endpoint replica, ReplicationPosition needed) {
        ReplicaStatus status = snapshot.status(replica);
        return status != null && Coverage.knownToCover(status, confirmed.get(replica), needed);
    }

    /** Asks the catch-up watcher to learn when the replica, if it serves, has applied {@code needed}. */
    void watch(ReplicaSnapshot snapshot, Endpoint replica, ReplicationPosition needed) {
        CatchUpWatcher running = watcher;
        if (running != null && replica != null && snapshot.isServing(replica)) {
            running.want(replica, needed);
        }
    }

    /**
     * Waits a little ({@code rwsplit.optimisticStartWait}), on the app's thread, for the catch-up watcher to see the
     * replica apply {@code needed}: all of a transaction's reads stay on the server it starts on, so that is worth a
     * short wait. Not at all while the replica took longer than that to answer the watcher's last wait, so that a
     * slow replica costs each transaction nothing.
     *
     * @return whether the replica is now known to have applied it
     */
    boolean awaitCatchUp(ReplicaSnapshot snapshot, Endpoint replica, ReplicationPosition needed) {
        CatchUpWatcher running = watcher;
        long maxNanos = startWaitNanos;
        if (running == null || maxNanos == 0 || replica == null || !snapshot.isServing(replica)) {
            return false;
        }
        startWaits.increment();
        return running.awaitApplied(replica, needed, maxNanos);
    }

    /** A position a replica was seen to have applied. */
    private void confirm(Endpoint replica, ReplicationPosition position) {
        ServerKind kind = tracking.kind();
        if (kind != null) {
            confirmed.merge(replica, position, kind::merge);
        }
    }

    void coveredRead() {
        coveredReads.increment();
    }

    void primaryRead() {
        primaryReads.increment();
    }

    /**
     * Waits on a replica connection until it has applied {@code needed}, at most the causal timeout. A replica that
     * does not answer is given up on a little after it: the connection then breaks, and the exception says so.
     *
     * @return whether the replica has applied {@code needed}
     */
    boolean await(Connection replica, Endpoint endpoint, ReplicationPosition needed) throws SQLException {
        waits.increment();
        ServerKind kind = tracking.kind();
        int previous = replica.getNetworkTimeout();
        int limit = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + ANSWER_GRACE_MILLIS);
        replica.setNetworkTimeout(Runnable::run, previous == 0 ? limit : Math.min(previous, limit));
        boolean reached;
        try (Statement wait = replica.createStatement();
             ResultSet result = wait.executeQuery(kind.waitSql(needed, timeout.toMillis()))) {
            reached = result.next() && ServerKind.waitReached(result.getLong(1)) && !result.wasNull();
        } finally {
            restoreNetworkTimeout(replica, previous);
        }
        if (reached) {
            waitsReached.increment();
            confirm(endpoint, needed);
        } else {
            timedOutAt.put(endpoint, System.nanoTime());
        }
        return reached;
    }

    /** Warns of the first wait that failed with an error (not a broken connection); later ones at DEBUG. */
    void waitFailed(Endpoint replica, SQLException failure) {
        if (warnedWaitFailed) {
            LOG.debug("{} - waiting on {} for a write failed: {}", clusterName, replica, failure.getMessage());
            return;
        }
        warnedWaitFailed = true;
        LOG.warn("{} - waiting on {} for a write failed (SQLState {}, error {}): {}; such reads go to the primary",
                clusterName, replica, failure.getSQLState(), failure.getErrorCode(), failure.getMessage());
    }

    private static void restoreNetworkTimeout(Connection replica, int millis) {
        try {
            replica.setNetworkTimeout(Runnable::run, millis);
        } catch (SQLException e) {
            // The connection broke during the wait: it is thrown away, and the wait's own failure tells why.
        }
    }
}
