package io.rwsplit.jdbc;

import com.mysql.cj.protocol.ResultsetRows;
import io.rwsplit.sql.UnionPart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays consecutive reads of a journal in one round trip, as {@code (...) UNION ALL (...)} with each read's number in
 * a last column, where a move used to take a round trip per read: the reads an ORM's transaction makes before its first
 * write. Only a match is a verdict: when the union fails, or any part differs, those reads are replayed one by one and
 * that replay decides, so a union's quirks (another column type, an ORDER BY it drops) cost time, never a wrong answer.
 */
final class CombinedReads {

    /** How many reads one union takes at most, and how long its text may grow. */
    private static final int MAX_PARTS = 64;
    private static final int MAX_CHARS = 256 * 1024;
    /** What a part adds to its text: parentheses, its number column, the UNION ALL before it. */
    private static final int PART_CHARS = 40;
    /** What {@link #parts} keeps for a text that cannot be a part. */
    private static final Object NOT_A_PART = new Object();

    /** Each text as a union part, or {@link #NOT_A_PART}: the same few texts come again and again. */
    private final Map<String, Object> parts = new HashMap<>();

    /**
     * How many entries from {@code from} on can be replayed as one union: reads whose rows Connector/J held, with
     * columns of the same types, each a plain SELECT. Fewer than 2 means none.
     */
    int runFrom(List<JournalEntry> entries, int from) {
        HeldRows first = heldRead(entries.get(from));
        if (first == null) {
            return 0;
        }
        int chars = entries.get(from).execution.sql().length() + PART_CHARS;
        int end = from + 1;
        while (end < entries.size() && end - from < MAX_PARTS) {
            JournalEntry entry = entries.get(end);
            HeldRows held = heldRead(entry);
            if (held == null || !held.sameColumns(first)) {
                break;
            }
            chars += entry.execution.sql().length() + PART_CHARS;
            if (chars > MAX_CHARS) {
                break;
            }
            end++;
        }
        return end - from;
    }

    /** The entry's held rows when it is a read that can be a part; else null. */
    private HeldRows heldRead(JournalEntry entry) {
        String sql = entry.execution.sql();
        // A plain statement's text goes into the union's prepared one: it must hold no '?' to be taken for a value.
        boolean prepared = entry.execution.parameters() != null;
        if (entry.isBatch() || !entry.isQuery() || (!prepared && sql.indexOf('?') >= 0)
                || !(entry.rows() instanceof HeldRows held) || part(sql) == null) {
            return null;
        }
        return held;
    }

    private UnionPart part(String sql) {
        Object part = parts.computeIfAbsent(sql, text -> {
            UnionPart parsed = UnionPart.of(text);
            return parsed == null ? NOT_A_PART : parsed;
        });
        return part instanceof UnionPart union ? union : null;
    }

    /**
     * Runs the reads as one union on {@code target} and says whether every one of them returned what the app read.
     * False tells nothing about them: they must be replayed one by one.
     *
     * @throws SQLException the union failed in a way that ended the transaction or the connection
     */
    boolean allAsSeen(List<JournalEntry> run, Connection target) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < run.size(); i++) {
            if (i > 0) {
                sql.append(" UNION ALL ");
            }
            sql.append(part(run.get(i).execution.sql()).numbered(i));
        }
        try (PreparedStatement union = target.prepareStatement(sql.toString())) {
            int offset = 0;
            for (JournalEntry entry : run) {
                Parameters parameters = entry.execution.parameters();
                if (parameters != null) {
                    parameters.applyTo(union, offset);
                    offset += parameters.count();
                }
            }
            try (ResultSet results = union.executeQuery()) {
                return allAsSeen(run, results);
            }
        } catch (SQLException e) {
            if (endsTheTransaction(e)) {
                throw e;
            }
            // Not a verdict: a statement the union does not take (a placeholder count it did not expect, a syntax
            // it has no parentheses for). The reads one by one decide.
            return false;
        }
    }

    private static boolean allAsSeen(List<JournalEntry> run, ResultSet results) throws SQLException {
        ResultsetRows rows = HeldRows.rowsOf(results);
        int columns = ((HeldRows) run.get(0).rows()).columns();
        if (rows == null || rows.getMetadata().getFields().length != columns + 1) {
            return false;
        }
        int[] counts = new int[run.size()];
        int last = 0;
        while (results.next()) {
            int part = results.getInt(columns + 1);
            if (part < last || part >= run.size()) {
                return false;
            }
            last = part;
            counts[part]++;
        }
        int from = 0;
        for (int i = 0; i < run.size(); i++) {
            HeldRows seen = (HeldRows) run.get(i).rows();
            if (seen.compareSlice(rows, from, from + counts[i]) != null) {
                return false;
            }
            from += counts[i];
        }
        return true;
    }

    /** A broken connection, a deadlock or a lock wait: what the union leaves behind is not a transaction to go on. */
    private static boolean endsTheTransaction(SQLException e) {
        String state = e.getSQLState();
        return ReadRetry.isConnectionFailure(e) || (state != null && state.startsWith("40"))
                || e.getErrorCode() == 1205 || e.getErrorCode() == 1213;
    }
}
