package io.rwsplit.monitor;

/**
 * Decides a replica's state from what its probe found, and whether it serves reads, with hysteresis: a replica leaves
 * the read pool as soon as it is not {@link ReplicaState#HEALTHY}, and returns only after it has stayed healthy with
 * a lag at or under the restore lag, continuously, for the restore dwell time. At the first observation after start
 * a healthy replica serves at once. Pure: no I/O, time passed in.
 */
final class HealthPolicy {

    /** A state with the reason for it and the error behind it (null when none). */
    record Verdict(ReplicaState state, String reason, String error) {

        static Verdict down(String reason, String error) {
            return new Verdict(ReplicaState.DOWN, reason, error);
        }
    }

    /**
     * What the policy remembers about a replica between observations.
     *
     * @param state          current state
     * @param sinceNanos     when it entered that state
     * @param serving        whether it is in the read pool
     * @param goodSinceNanos start of the current unbroken run of healthy observations under the restore lag; -1
     *                       when not in such a run
     */
    record Tracking(ReplicaState state, long sinceNanos, boolean serving, long goodSinceNanos) {
    }

    private final long maxLagMillis;
    private final long restoreLagMillis;
    private final long maxTransactionsBehind;
    private final long restoreDwellNanos;

    HealthPolicy(MonitorSettings settings) {
        this.maxLagMillis = settings.maxLag().toMillis();
        this.restoreLagMillis = settings.restoreLag().toMillis();
        this.maxTransactionsBehind = settings.maxTransactionsBehind();
        this.restoreDwellNanos = settings.restoreDwell().toNanos();
    }

    long maxLagMillis() {
        return maxLagMillis;
    }

    long restoreLagMillis() {
        return restoreLagMillis;
    }

    long restoreDwellMillis() {
        return restoreDwellNanos / 1_000_000;
    }

    /**
     * The state of a reachable replica.
     *
     * @param row                its replication status
     * @param lag                its measured lag
     * @param transactionsBehind transactions it lacks, -1 when unknown
     */
    Verdict classify(ReplicationRow row, LagEstimate lag, long transactionsBehind) {
        String error = lastError(row);
        if (!row.configured()) {
            return new Verdict(ReplicaState.STOPPED, "replication is not configured on this server", null);
        }
        if (!row.sqlThreadRunning()) {
            if (row.hasSqlError()) {
                return new Verdict(ReplicaState.BROKEN, "SQL thread stopped on "
                        + ReplicationRow.describeError(row.sqlErrno(), row.sqlError()), error);
            }
            if (!row.ioThreadRunning() && !row.ioThreadConnecting() && row.hasIoError()) {
                return new Verdict(ReplicaState.BROKEN, "IO thread stopped on "
                        + ReplicationRow.describeError(row.ioErrno(), row.ioError()), error);
            }
            return new Verdict(ReplicaState.STOPPED, "SQL thread not running", error);
        }
        String note = "";
        if (row.ioThreadConnecting()) {
            // Started but not connected (the primary restarts, the network hiccups): the replica is judged on what
            // it has applied; if the primary moves on without it, its lag shows it.
            String ioError = ReplicationRow.describeError(row.ioErrno(), row.ioError());
            note = "; IO thread reconnecting to the primary" + (row.hasIoError() ? " (" + Texts.cut(ioError, 160) + ")"
                    : "");
        } else if (!row.ioThreadRunning()) {
            if (row.hasIoError()) {
                return new Verdict(ReplicaState.BROKEN, "IO thread stopped on "
                        + ReplicationRow.describeError(row.ioErrno(), row.ioError()), error);
            }
            return new Verdict(ReplicaState.STOPPED, "IO thread not running", error);
        }
        String behind = transactionsBehind >= 0 ? " (" + transactionsBehind + " trx behind)" : "";
        if (!lag.known()) {
            return new Verdict(ReplicaState.LAGGING, "lag unknown: " + lag.note() + note, error);
        }
        if (lag.millis() > maxLagMillis) {
            return new Verdict(ReplicaState.LAGGING, "lag=" + lag.millis() + "ms > maxLag=" + maxLagMillis + "ms"
                    + behind + note, error);
        }
        if (maxTransactionsBehind > 0 && transactionsBehind > maxTransactionsBehind) {
            return new Verdict(ReplicaState.LAGGING, transactionsBehind + " trx behind > maxTransactionsBehind="
                    + maxTransactionsBehind + " (lag=" + lag.millis() + "ms)" + note, error);
        }
        return new Verdict(ReplicaState.HEALTHY, "lag=" + lag.millis() + "ms" + behind + note, error);
    }

    private static String lastError(ReplicationRow row) {
        if (row.hasSqlError()) {
            return ReplicationRow.describeError(row.sqlErrno(), row.sqlError());
        }
        if (row.hasIoError()) {
            return ReplicationRow.describeError(row.ioErrno(), row.ioError());
        }
        return null;
    }

    /**
     * The replica's tracking after an observation at {@code nowNanos}.
     *
     * @param previous  null for the first observation since start
     * @param lagMillis the observed lag, -1 when unknown
     */
    Tracking advance(Tracking previous, ReplicaState state, long lagMillis, long nowNanos) {
        boolean healthy = state == ReplicaState.HEALTHY;
        boolean underRestoreLag = healthy && lagMillis >= 0 && lagMillis <= restoreLagMillis;
        if (previous == null) {
            return new Tracking(state, nowNanos, healthy, underRestoreLag ? nowNanos : -1);
        }
        long since = previous.state() == state ? previous.sinceNanos() : nowNanos;
        if (!healthy) {
            return new Tracking(state, since, false, -1);
        }
        long goodSince = !underRestoreLag ? -1 : previous.goodSinceNanos() >= 0 ? previous.goodSinceNanos() : nowNanos;
        boolean serving = previous.serving() || goodSince >= 0 && nowNanos - goodSince >= restoreDwellNanos;
        return new Tracking(state, since, serving, goodSince);
    }
}
