package io.rwsplit.consistency;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicationPosition;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One logical connection's part of read-your-writes: when it last wrote and the GTID of its newest write. The
 * logical connection calls {@link #beforeWrite} and {@link #afterWrite} around every statement that may commit a
 * write on the primary, and asks {@link #needsPrimary()} and {@link #needed()} before a replica-bound read. Not
 * thread-safe, like the connection.
 */
public final class CausalSession {

    private final CausalReads cluster;
    private ReplicationPosition own;
    private long lastWrite = Long.MIN_VALUE;

    CausalSession(CausalReads cluster) {
        this.cluster = cluster;
    }

    /** Whether replica-bound reads are constrained at all. */
    public boolean active() {
        return cluster.mode() != ReadYourWrites.OFF;
    }

    /** Brings a primary connection's GTID tracking on before a statement that may commit a write runs on it. */
    public void beforeWrite(Connection primary) throws SQLException {
        if (cluster.mode() == ReadYourWrites.GTID) {
            cluster.tracking().enable(primary);
        }
    }

    /** Records the write a statement on the primary just committed: its time, and in gtid mode its GTID. */
    public void afterWrite(Connection primary) throws SQLException {
        long now = System.nanoTime();
        ReplicationPosition position = null;
        if (cluster.mode() == ReadYourWrites.GTID) {
            position = cluster.tracking().lastGtid(primary);
            if (position != null) {
                own = cluster.tracking().flavor().merge(own, position);
            }
        }
        lastWrite = now;
        cluster.acknowledged(position, now);
    }

    /** primary-window: whether the window after the last write (this connection's, or the cluster's) is open. */
    public boolean needsPrimary() {
        if (cluster.mode() != ReadYourWrites.PRIMARY_WINDOW) {
            return false;
        }
        long last = Math.max(lastWrite, cluster.clusterLastWrite());
        boolean open = last != Long.MIN_VALUE && System.nanoTime() - last < cluster.windowNanos();
        if (open) {
            cluster.primaryRead();
        }
        return open;
    }

    /** gtid: the position a replica must have applied to serve the next read; null when any replica will do. */
    public ReplicationPosition needed() {
        if (cluster.mode() != ReadYourWrites.GTID) {
            return null;
        }
        ReplicationPosition shared = cluster.clusterPosition();
        if (shared == null) {
            return own;
        }
        return cluster.tracking().flavor().merge(own, shared);
    }

    /** The snapshot restricted to replicas known to have applied {@code needed}; null when none is known to. */
    public ReplicaSnapshot covering(ReplicaSnapshot snapshot, ReplicationPosition needed) {
        return cluster.covering(snapshot, needed);
    }

    /** The snapshot restricted to the serving replica closest to {@code needed}: the one worth waiting on. */
    public ReplicaSnapshot closest(ReplicaSnapshot snapshot, ReplicationPosition needed) {
        return Coverage.closest(snapshot, needed);
    }

    /** Waits on the chosen replica for {@code needed}; see {@link CausalReads#await}. */
    public CausalReads.WaitResult await(Connection replica, Endpoint endpoint, ReplicationPosition needed)
            throws SQLException {
        return cluster.await(replica, endpoint, needed);
    }

    /** The read goes to the primary after all: counted. */
    public void readOnPrimary() {
        cluster.primaryRead();
    }
}
