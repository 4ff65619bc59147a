package io.rwsplit.monitor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * What the monitor knows of the primary: its position history, its clock, the heartbeats written to it, and whether
 * it answered its last probe. Measures replica lag against that. Not thread-safe: the monitor uses it under its lock.
 */
final class PrimaryState {

    private static final int HEARTBEATS_KEPT = 512;

    private final PositionHistory history;
    private final Deque<Long> heartbeats = new ArrayDeque<>();
    private boolean reachable = true;
    private boolean probed;
    private boolean heartbeatWorking;
    private long clockMicros;
    private long clockNanos;
    private boolean clockKnown;

    PrimaryState(PositionHistory history) {
        this.history = history;
    }

    /**
     * The state to measure against a new primary: GTID positions compare across primaries, so their history is
     * kept; binary log coordinates do not, so {@code fresh} is taken as it is. Clock, heartbeats and reachability
     * start over.
     */
    PrimaryState forNewPrimary(PrimaryState fresh) {
        ReplicationPosition latest = history.latest();
        return latest == null || latest instanceof BinlogPosition ? fresh : new PrimaryState(history);
    }

    /** Records a successful probe: its position (possibly null), clock reading and heartbeat. */
    void recordSuccess(ReplicationPosition position, long readNanos, long utcMicros, boolean heartbeatWritten) {
        probed = true;
        reachable = true;
        if (position != null) {
            history.record(position, readNanos);
        }
        clockMicros = utcMicros;
        clockNanos = readNanos;
        clockKnown = true;
        heartbeatWorking = heartbeatWritten;
        if (heartbeatWritten) {
            heartbeats.addLast(utcMicros);
            while (heartbeats.size() > HEARTBEATS_KEPT) {
                heartbeats.pollFirst();
            }
        }
    }

    /** Records a failed probe. */
    void recordFailure() {
        probed = true;
        reachable = false;
        heartbeatWorking = false;
    }

    /** Whether the last probe succeeded (true before the first probe: nothing says otherwise). */
    boolean reachable() {
        return reachable;
    }

    boolean probed() {
        return probed;
    }

    ReplicationPosition latestPosition() {
        return history.latest();
    }

    /** The primary's UTC clock at local monotonic time {@code nanos}, from its last reading; -1 when unknown. */
    long clockAt(long nanos) {
        return clockKnown ? clockMicros + (nanos - clockNanos) / 1_000 : -1;
    }

    /**
     * The replica's lag at {@code readNanos}, by the first method that applies: it has applied the primary's latest
     * position seen by then (0); the heartbeat it has applied, against the primary's clock; the age of the oldest
     * primary position it has not applied; the server's {@code Seconds_Behind}. The last two are combined when the
     * history only gives a lower bound.
     *
     * @param heartbeatMicros the heartbeat timestamp read on the replica; null when none
     */
    LagEstimate lag(ReplicationRow row, long readNanos, Long heartbeatMicros) {
        ReplicationPosition latest = history.latestAsOf(readNanos);
        ReplicationPosition replica = row.comparableTo(latest);
        if (replica != null && replica.covers(latest)) {
            return LagEstimate.of(0, LagEstimate.Method.CAUGHT_UP, "has applied " + Texts.cut(latest.toString(), 80));
        }
        if (heartbeatMicros != null && heartbeatWorking && reachable && clockKnown) {
            return heartbeatLag(heartbeatMicros, clockAt(readNanos), nextHeartbeatAfter(heartbeatMicros));
        }
        LagEstimate fromHistory = history.estimate(replica, readNanos);
        Long seconds = row.secondsBehind();
        if (fromHistory.known() && !fromHistory.lowerBound()) {
            return fromHistory;
        }
        if (seconds != null && seconds * 1000 >= Math.max(0, fromHistory.millis())) {
            return LagEstimate.of(seconds * 1000, LagEstimate.Method.SECONDS_BEHIND, "Seconds_Behind=" + seconds);
        }
        if (fromHistory.known()) {
            return fromHistory;
        }
        return LagEstimate.unknown(replica == null ? "no position comparable with the primary's and no "
                + "Seconds_Behind value" : fromHistory.note() + " and no Seconds_Behind value");
    }

    /**
     * Heartbeat lag: primary clock now minus the moment the replica's data is from. The replica has the heartbeat
     * written at {@code replicaMicros} but not the next one, so its data is from somewhere between the two: the
     * middle is taken, which halves the error of one poll interval.
     *
     * @param nextMicros the heartbeat written after the replica's one; null when the replica has the newest
     */
    static LagEstimate heartbeatLag(long replicaMicros, long primaryNowMicros, Long nextMicros) {
        long reference = nextMicros == null ? replicaMicros : replicaMicros + (nextMicros - replicaMicros) / 2;
        long millis = Math.max(0, (primaryNowMicros - reference) / 1_000);
        return LagEstimate.of(millis, LagEstimate.Method.HEARTBEAT, "heartbeat "
                + (primaryNowMicros - replicaMicros) / 1_000 + "ms old");
    }

    private Long nextHeartbeatAfter(long micros) {
        Long next = null;
        for (Iterator<Long> it = heartbeats.descendingIterator(); it.hasNext(); ) {
            long written = it.next();
            if (written <= micros) {
                break;
            }
            next = written;
        }
        return next;
    }

    /** Transactions the replica lacks of the primary's latest position seen by {@code readNanos}; -1 if unknown. */
    long transactionsBehind(ReplicationRow row, long readNanos) {
        ReplicationPosition latest = history.latestAsOf(readNanos);
        ReplicationPosition replica = row.comparableTo(latest);
        return replica == null ? -1 : replica.transactionsMissing(latest);
    }
}
