package io.rwsplit.consistency;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicationPosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Read-your-writes for one cluster: the mode, the newest write position acknowledged in this JVM (for the cluster
 * scope), the newest position a wait confirmed on each replica, and the counters. Thread-safe; each logical
 * connection keeps its own part in a {@link CausalSession}.
 */
public final class CausalReads {

    /** How a wait on a replica ended. */
    public enum WaitResult { REACHED, TIMED_OUT }

    private static final String TRACK_SESSION_STATE = "trackSessionState";

    private final ReadYourWrites mode;
    private final ConsistencyScope scope;
    private final long windowNanos;
    private final Duration timeout;
    private final GtidTracking tracking = new GtidTracking();
    private final AtomicReference<ReplicationPosition> clusterPosition = new AtomicReference<>();
    private final AtomicLong clusterLastWrite = new AtomicLong(Long.MIN_VALUE);
    private final Map<Endpoint, ReplicationPosition> confirmed = new ConcurrentHashMap<>();
    private final LongAdder coveredReads = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitsReached = new LongAdder();
    private final LongAdder primaryReads = new LongAdder();

    public CausalReads(ReadYourWrites mode, ConsistencyScope scope, Duration window, Duration timeout) {
        this.mode = mode;
        this.scope = scope;
        this.windowNanos = window.toNanos();
        this.timeout = timeout;
    }

    /** Plain splitting, for clusters built without a configuration (tests). */
    public static CausalReads off() {
        return new CausalReads(ReadYourWrites.OFF, ConsistencyScope.CONNECTION, Duration.ZERO, Duration.ZERO);
    }

    public ReadYourWrites mode() {
        return mode;
    }

    public ConsistencyScope scope() {
        return scope;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * The backend connections' properties with {@code trackSessionState=true} added in gtid mode, so a write's GTID
     * comes back in its OK packet; a value the user set is kept.
     */
    public Properties backendProperties(Properties properties) {
        if (mode == ReadYourWrites.GTID && !properties.containsKey(TRACK_SESSION_STATE)) {
            properties.setProperty(TRACK_SESSION_STATE, "true");
        }
        return properties;
    }

    /** The state of one new logical connection. */
    public CausalSession newSession() {
        return new CausalSession(this);
    }

    public ConsistencyStatistics statistics() {
        return new ConsistencyStatistics(coveredReads.sum(), waits.sum(), waitsReached.sum(), primaryReads.sum());
    }

    // ---- for CausalSession ----------------------------------------------------------------------------------

    GtidTracking tracking() {
        return tracking;
    }

    long windowNanos() {
        return windowNanos;
    }

    void acknowledged(ReplicationPosition position, long atNanos) {
        if (scope != ConsistencyScope.CLUSTER) {
            return;
        }
        clusterLastWrite.accumulateAndGet(atNanos, Math::max);
        Flavor flavor = tracking.flavor();
        if (position != null && flavor != null) {
            clusterPosition.accumulateAndGet(position, flavor::merge);
        }
    }

    ReplicationPosition clusterPosition() {
        return scope == ConsistencyScope.CLUSTER ? clusterPosition.get() : null;
    }

    long clusterLastWrite() {
        return scope == ConsistencyScope.CLUSTER ? clusterLastWrite.get() : Long.MIN_VALUE;
    }

    ReplicaSnapshot covering(ReplicaSnapshot snapshot, ReplicationPosition needed) {
        ReplicaSnapshot covering = Coverage.covering(snapshot, needed, confirmed);
        if (covering != null) {
            coveredReads.increment();
        }
        return covering;
    }

    void primaryRead() {
        primaryReads.increment();
    }

    /**
     * Waits on a replica connection until it has applied {@code needed}, at most the causal timeout; a frozen
     * server is given up on a little after it (the connection then breaks, and the exception says so).
     */
    WaitResult await(Connection replica, Endpoint endpoint, ReplicationPosition needed) throws SQLException {
        waits.increment();
        Flavor flavor = tracking.flavor();
        int previous = replica.getNetworkTimeout();
        int limit = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + 100);
        replica.setNetworkTimeout(Runnable::run, previous == 0 ? limit : Math.min(previous, limit));
        boolean reached;
        try (PreparedStatement wait = replica.prepareStatement(flavor.waitSql())) {
            wait.setString(1, needed.toString());
            wait.setBigDecimal(2, java.math.BigDecimal.valueOf(timeout.toMillis(), 3));
            try (ResultSet result = wait.executeQuery()) {
                reached = result.next() && Flavor.reached(result.getLong(1)) && !result.wasNull();
            }
        }
        replica.setNetworkTimeout(Runnable::run, previous);
        if (!reached) {
            return WaitResult.TIMED_OUT;
        }
        waitsReached.increment();
        confirmed.merge(endpoint, needed, flavor::merge);
        return WaitResult.REACHED;
    }
}
