package io.rwsplit.consistency;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaSnapshot;
import io.rwsplit.monitor.ReplicationPosition;
import io.rwsplit.sql.StatementKind;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One logical connection's part of read-your-writes: when it last wrote and the GTID of its newest commit. The
 * logical connection calls {@link #ranOnPrimary} after every statement on the primary (also one that failed: a
 * batch or a multi-statement may have committed part of its work) and asks {@link #needsPrimary()} and
 * {@link #needed()} before a replica-bound read. Not thread-safe, like the connection.
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

    /**
     * Records what a statement that just ran on the primary may have committed.
     *
     * @param primary     the primary connection it ran on
     * @param tracksGtids whether that connection's OK packets carry the GTID of each commit
     * @param kind        what the statement was; {@link StatementKind#COMMIT} also for {@code Connection.commit()},
     *                    {@code setAutoCommit(true)} and {@code SET autocommit=1}
     * @param failed      whether it failed (its last packet was an error, which tracks nothing)
     * @return whether it learnt the GTID of a write: reads must now see it
     */
    public boolean ranOnPrimary(Connection primary, boolean tracksGtids, StatementKind kind, boolean failed)
            throws SQLException {
        boolean mayCommit = mayCommit(kind);
        ReplicationPosition position = null;
        if (cluster.mode().usesGtids()) {
            GtidTracking tracking = cluster.tracking();
            position = tracksGtids ? tracking.tracked(primary) : null;
            if (position == null && mayCommit && (!tracksGtids || failed || answersInSeveralPackets(kind))) {
                position = tracking.asked(primary);
            }
            if (position != null) {
                own = tracking.kind().merge(own, position);
            }
        }
        if (mayCommit || position != null) {
            lastWrite = System.nanoTime();
            cluster.acknowledged(position, lastWrite);
        }
        return position != null;
    }

    /**
     * Whether a statement may commit a write: all but reads, session settings and a rollback (a BEGIN or a DDL may:
     * they commit an open transaction; the caller passes {@code SET autocommit=1} as a COMMIT).
     */
    static boolean mayCommit(StatementKind kind) {
        switch (kind) {
            case READ, SESSION_READ, LOCKING_READ, SESSION_SET, ROLLBACK:
                return false;
            default:
                return true;
        }
    }

    /**
     * Statements whose last packet need not be the OK of their last commit (a result set may follow it), so an
     * empty tracked state does not prove that they committed nothing.
     */
    static boolean answersInSeveralPackets(StatementKind kind) {
        return kind == StatementKind.MULTI_STATEMENT || kind == StatementKind.CALL || kind == StatementKind.UNKNOWN;
    }

    /**
     * Whether the next replica-bound read must go to the primary: primary-window mode within the window after the
     * last write (this connection's, or in the cluster scope anyone's).
     */
    public boolean needsPrimary() {
        boolean window = cluster.mode() == ReadYourWrites.PRIMARY_WINDOW
                || (cluster.mode().usesGtids() && cluster.withoutGtids());
        if (!window) {
            return false;
        }
        long last = Math.max(lastWrite, cluster.clusterLastWrite());
        return last != Long.MIN_VALUE && System.nanoTime() - last < cluster.windowNanos();
    }

    /** gtid: the position a replica must have applied to serve the next read; null when any replica will do. */
    public ReplicationPosition needed() {
        if (!cluster.mode().usesGtids()) {
            return null;
        }
        ReplicationPosition shared = cluster.clusterPosition();
        return shared == null ? own : cluster.tracking().kind().merge(own, shared);
    }

    /**
     * The serving replicas a read that needs {@code needed} may go to: known to have applied it, or prompt enough to
     * be waited on; else the closest.
     */
    public ReplicaSnapshot candidates(ReplicaSnapshot snapshot, ReplicationPosition needed) {
        return cluster.candidates(snapshot, needed);
    }

    /** Whether the replica is known to have applied {@code needed}, by the monitor or earlier waits; not counted. */
    public boolean knownToCover(ReplicaSnapshot snapshot, Endpoint replica, ReplicationPosition needed) {
        return cluster.knownToCover(snapshot, replica, needed);
    }

    /**
     * Whether the replica may serve a read that needs {@code needed} without waiting: known to have applied it (then
     * counted as a covered read).
     */
    public boolean covers(ReplicaSnapshot snapshot, Endpoint replica, ReplicationPosition needed) {
        boolean covers = cluster.knownToCover(snapshot, replica, needed);
        if (covers) {
            cluster.coveredRead();
        }
        return covers;
    }

    /**
     * Whether a read its replica is not known to cover goes to the primary, while one can take it, rather than wait
     * on the replica (gtid mode); the catch-up watcher then learns when the replica has the writes (see
     * {@link #watch}).
     */
    public boolean readsPrimaryUntilReplicaKnown() {
        return cluster.mode() == ReadYourWrites.GTID;
    }

    /**
     * gtid: asks the catch-up watcher to learn when {@code replica} (the one this connection reads from) has applied
     * this session's writes, so that reads go there again as soon as it has. Called after a write, and by a read that
     * went to the primary for them.
     */
    public void watch(ReplicaSnapshot snapshot, Endpoint replica) {
        ReplicationPosition needed = needed();
        if (needed != null) {
            cluster.watch(snapshot, replica, needed);
        }
    }

    /**
     * Waits a little for the catch-up watcher to see {@code replica} apply {@code needed}; see
     * {@link CausalReads#awaitCatchUp}.
     */
    public boolean awaitCatchUp(ReplicaSnapshot snapshot, Endpoint replica, ReplicationPosition needed) {
        return cluster.awaitCatchUp(snapshot, replica, needed);
    }

    /** Waits on the replica until it has applied {@code needed}; see {@link CausalReads#await}. */
    public boolean await(Connection replica, Endpoint endpoint, ReplicationPosition needed) throws SQLException {
        return cluster.await(replica, endpoint, needed);
    }

    /** A wait failed for another reason than a broken connection: the read goes to the primary. */
    public void waitFailed(Endpoint replica, SQLException failure) {
        cluster.waitFailed(replica, failure);
    }

    /** A replica-bound read goes to the primary for read-your-writes: counted. */
    public void readOnPrimary() {
        cluster.primaryRead();
    }
}
