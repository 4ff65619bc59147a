package io.rwsplit.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The primary positions the monitor has seen, each with when it was first and last seen (monotonic nanoseconds), so
 * the age of the oldest transaction a replica has not applied can be told from its position alone. Bounded by count
 * and age. Not thread-safe: the monitor uses it under its lock.
 */
final class PositionHistory {

    /** A primary position and the span of probes that saw it. */
    record Entry(ReplicationPosition position, long firstSeenNanos, long lastSeenNanos) {
    }

    private final int capacity;
    private final long horizonNanos;
    private final Deque<Entry> entries = new ArrayDeque<>();

    /**
     * @param capacity     most entries kept (at least 2)
     * @param horizonNanos entries last seen longer ago than this are dropped (but never the newest two)
     */
    PositionHistory(int capacity, long horizonNanos) {
        this.capacity = Math.max(2, capacity);
        this.horizonNanos = horizonNanos;
    }

    /** Records that the primary was at {@code position} at {@code nanos}. Times must not go backwards. */
    void record(ReplicationPosition position, long nanos) {
        Entry last = entries.peekLast();
        if (last != null && last.position().equals(position)) {
            entries.pollLast();
            entries.addLast(new Entry(position, last.firstSeenNanos(), Math.max(last.lastSeenNanos(), nanos)));
        } else {
            entries.addLast(new Entry(position, nanos, nanos));
        }
        while (entries.size() > capacity
                || entries.size() > 2 && nanos - entries.peekFirst().lastSeenNanos() > horizonNanos) {
            entries.pollFirst();
        }
    }

    /** The newest position first seen at or before {@code nanos}; null when none. */
    ReplicationPosition latestAsOf(long nanos) {
        Entry found = null;
        for (Entry entry : entries) {
            if (entry.firstSeenNanos() > nanos) {
                break;
            }
            found = entry;
        }
        return found == null ? null : found.position();
    }

    /** The newest position; null when none. */
    ReplicationPosition latest() {
        Entry last = entries.peekLast();
        return last == null ? null : last.position();
    }

    int size() {
        return entries.size();
    }

    /**
     * How far behind a replica at {@code replica} is at {@code nowNanos}: the estimated commit time of the oldest
     * transaction it lacks, taken between the last time the primary was seen at a position the replica covers and
     * the first time it was seen at the next one, and placed in that span by how many of the transactions in between
     * the replica has (evenly spread commits assumed; the middle of the span when they cannot be counted).
     *
     * @return the estimate: {@link LagEstimate.Method#CAUGHT_UP} when the replica covers every position seen by then;
     *         when it covers none, the age of the oldest retained position, a lower bound (the note says so);
     *         {@link LagEstimate#unknown} when there is no history or the positions do not compare
     */
    LagEstimate estimate(ReplicationPosition replica, long nowNanos) {
        List<Entry> seen = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (entry.firstSeenNanos() > nowNanos) {
                break;
            }
            seen.add(entry);
        }
        if (replica == null || seen.isEmpty()) {
            return LagEstimate.unknown("no primary position to compare with");
        }
        int covered = -1;
        for (int i = seen.size() - 1; i >= 0; i--) {
            if (replica.covers(seen.get(i).position())) {
                covered = i;
                break;
            }
        }
        if (covered == seen.size() - 1) {
            return LagEstimate.of(0, LagEstimate.Method.CAUGHT_UP, "has applied " + seen.get(covered).position());
        }
        Entry missing = seen.get(covered + 1);
        if (covered < 0) {
            if (!comparable(replica, missing.position())) {
                return LagEstimate.unknown("replica position " + Texts.cut(replica.toString(), 80)
                        + " does not compare with the primary's " + Texts.cut(missing.position().toString(), 80));
            }
            long millis = Math.max(0, (nowNanos - missing.firstSeenNanos()) / 1_000_000);
            return new LagEstimate(millis, LagEstimate.Method.POSITION_HISTORY, true,
                    "behind the oldest remembered primary position");
        }
        Entry before = seen.get(covered);
        long spanStart = before.lastSeenNanos();
        long spanEnd = Math.max(spanStart, missing.firstSeenNanos());
        double fraction = 0.5;
        long inSpan = before.position().transactionsMissing(missing.position());
        long unapplied = replica.transactionsMissing(missing.position());
        if (inSpan > 0 && unapplied > 0 && unapplied <= inSpan) {
            fraction = (inSpan - unapplied + 0.5) / inSpan;
        }
        long commitNanos = spanStart + (long) ((spanEnd - spanStart) * fraction);
        long millis = Math.max(0, (nowNanos - commitNanos) / 1_000_000);
        return LagEstimate.of(millis, LagEstimate.Method.POSITION_HISTORY,
                "oldest missing transaction committed about " + millis + "ms ago"
                        + (unapplied > 0 ? " (" + unapplied + " of " + inSpan + " missing in that poll)" : ""));
    }

    private static boolean comparable(ReplicationPosition replica, ReplicationPosition primary) {
        if (replica instanceof BinlogPosition ours && primary instanceof BinlogPosition theirs) {
            return ours.sameLog(theirs);
        }
        return replica.getClass() == primary.getClass();
    }
}
