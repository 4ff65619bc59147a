package io.rwsplit.jdbc;

import io.rwsplit.cluster.TransactionStatistics.Mismatch;
import io.rwsplit.monitor.ReplicationPosition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the open transaction on a replica has run and what the app saw of each answer, so that it can be replayed on
 * another server and shown to have seen the same there: when it moves to the primary (an optimistic transaction's
 * first write) or its replica fails. Bounded by {@code rwsplit.transactionJournalLimit}: past it, and after anything
 * that cannot be sent twice, the transaction is no longer replayable (and says why).
 */
final class TransactionJournal {

    /** What an entry costs besides its text and values. */
    private static final int ENTRY_BYTES = 64;

    private final long limitBytes;
    private final List<JournalEntry> entries = new ArrayList<>();
    private long bytes;
    private String notReplayable;
    private Mismatch givenUpFor;
    private ReplicationPosition startPosition;

    TransactionJournal(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /**
     * A transaction starts on a replica.
     *
     * @param position what the replica had applied as far as the monitor knew, or null: a replay elsewhere needs a
     *                 server that has at least that
     */
    void begin(ReplicationPosition position) {
        release();
        startPosition = position;
        notReplayable = null;
        givenUpFor = null;
        if (limitBytes == 0) {
            giveUp(Mismatch.JOURNAL_LIMIT, "its journal is off (rwsplit.transactionJournalLimit=0)");
        }
    }

    /** Records an execution that just succeeded, with what it returned; null when the journal has given up. */
    JournalEntry record(Execution execution, Object outcome) {
        if (notReplayable != null) {
            return null;
        }
        long size = ENTRY_BYTES;
        List<Execution> copies = new ArrayList<>(execution.statements().size());
        for (Execution statement : execution.statements()) {
            Parameters parameters = statement.parameters();
            if (parameters != null && !parameters.replayable()) {
                giveUp(Mismatch.NOT_REPLAYABLE, "it sent a stream or a LOB, which cannot be sent again");
                return null;
            }
            size += 2L * (statement.sql() == null ? 0 : statement.sql().length())
                    + (parameters == null ? 0 : parameters.approximateBytes());
            copies.add(Execution.of(statement.sql(), statement.classification(),
                    parameters == null ? null : parameters.copy()));
        }
        if (bytes + size > limitBytes) {
            giveUp(Mismatch.JOURNAL_LIMIT, "its journal passed rwsplit.transactionJournalLimit=" + limitBytes
                    + " bytes");
            return null;
        }
        bytes += size;
        Execution copy = execution.batch() == null ? copies.get(0)
                : new Execution(execution.sql(), execution.classification(), null, List.copyOf(copies));
        JournalEntry entry = new JournalEntry(copy, outcome);
        entries.add(entry);
        return entry;
    }

    /**
     * The app is about to read {@code results}, a result of {@code entry}: when Connector/J holds it whole and its rows
     * fit in what is left of the limit, they are kept for a replay to compare and count toward the limit.
     *
     * @return false when the result must be watched row by row instead (a checksum costs a few bytes however many
     *         rows it covers: a large result leaves the transaction replayable)
     */
    boolean hold(JournalEntry entry, ResultSet results) throws SQLException {
        if (notReplayable != null) {
            return true;
        }
        HeldRows held = HeldRows.of(results);
        if (held == null) {
            return false;
        }
        long size;
        try {
            size = held.bytes(limitBytes - bytes);
        } catch (RuntimeException e) {
            // Rows Connector/J will not show one by one: this result is watched.
            return false;
        }
        if (bytes + size > limitBytes) {
            return false;
        }
        bytes += size;
        entry.hold(held);
        return true;
    }

    /** The transaction is over: what it held (result rows above all) is let go now, not at the next one's start. */
    void release() {
        entries.clear();
        bytes = 0;
    }

    /** From now on the transaction cannot be replayed; the first reason given is kept. */
    void giveUp(Mismatch reason, String why) {
        if (notReplayable == null) {
            notReplayable = why;
            givenUpFor = reason;
            entries.clear();
        }
    }

    /** Why the journal gave up, as counted; null while it has not. */
    Mismatch givenUpFor() {
        return givenUpFor;
    }

    /** Why the transaction cannot be replayed, or null when it can. */
    String whyNotReplayable() {
        return notReplayable;
    }

    List<JournalEntry> entries() {
        return entries;
    }

    ReplicationPosition startPosition() {
        return startPosition;
    }

    long bytes() {
        return bytes;
    }
}
