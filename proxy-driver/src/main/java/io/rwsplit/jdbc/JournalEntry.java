package io.rwsplit.jdbc;

import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Objects;

/**
 * One execution of a journaled transaction: what ran (text, a copy of its parameters, its batch) and what it answered
 * (an update count, a batch's counts, whether {@code execute} gave a result set, and the checksum of the rows the app
 * read).
 */
final class JournalEntry {

    final Execution execution;
    /** What the call returned, except a result set: Integer, Long, Boolean, int[] or long[]; null for a result set. */
    private final Object outcome;
    private SeenRows rows;

    JournalEntry(Execution execution, Object outcome) {
        this.execution = execution;
        this.outcome = outcome instanceof ResultSet ? null : outcome;
    }

    /** Whether the call was {@code executeQuery} (it returned a result set). */
    boolean isQuery() {
        return outcome == null;
    }

    /** Whether the call was a batch. */
    boolean isBatch() {
        return outcome instanceof int[] || outcome instanceof long[];
    }

    /** Whether it was {@code execute()} rather than {@code executeUpdate()}. */
    boolean isExecute() {
        return outcome instanceof Boolean;
    }

    boolean isLarge() {
        return outcome instanceof Long || outcome instanceof long[];
    }

    /** The app is about to read a result of this execution row by row through a watch: a checksum of what it reads. */
    RowChecksum watch() {
        if (!(rows instanceof RowChecksum)) {
            rows = new RowChecksum();
        }
        return (RowChecksum) rows;
    }

    /** The app reads a result of this execution that Connector/J holds whole: its rows are kept instead. */
    void hold(HeldRows held) {
        rows = held;
    }

    /** What the app read of its result set; null when it never asked for one. */
    SeenRows rows() {
        return rows;
    }

    /** Whether a replay's answer is the same as this one's. */
    boolean sameOutcome(Object replayed) {
        if (outcome instanceof int[] counts) {
            return replayed instanceof int[] other && Arrays.equals(counts, other);
        }
        if (outcome instanceof long[] counts) {
            return replayed instanceof long[] other && Arrays.equals(counts, other);
        }
        return Objects.equals(outcome, replayed);
    }

    String outcomeText() {
        if (outcome instanceof int[] counts) {
            return Arrays.toString(counts);
        }
        if (outcome instanceof long[] counts) {
            return Arrays.toString(counts);
        }
        return String.valueOf(outcome);
    }
}
