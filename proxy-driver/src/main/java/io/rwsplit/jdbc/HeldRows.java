package io.rwsplit.jdbc;

import com.mysql.cj.jdbc.result.ResultSetInternalMethods;
import com.mysql.cj.protocol.ResultsetRows;
import com.mysql.cj.result.Field;
import com.mysql.cj.result.Row;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.slf4j.LoggerFactory;

/**
 * What the app saw of a result that Connector/J read whole into memory (its default: not streamed, forward-only,
 * read-only). The app reads Connector/J's own result set, so nothing runs per row; the rows are held until the
 * transaction ends, and a replay compares the raw column bytes of the rows the app's cursor went over, and, when it
 * went past the last, that there are no more. Held rows count toward {@code rwsplit.transactionJournalLimit}.
 */
final class HeldRows implements SeenRows {

    /** What a held row and each of its values cost besides the value's bytes. */
    private static final int ROW_BYTES = 32;
    private static final int VALUE_BYTES = 8;
    /**
     * Column flags that change how the server writes a value: UNSIGNED, ZEROFILL. (A string's binary-ness is in its
     * collation; a union marks numbers BINARY where a table's column is not.)
     */
    private static final int WRITING_FLAGS = 32 | 64;
    /**
     * The collation of numbers, dates and binary strings: only theirs are written with a scale. A union reports a
     * text column's scale as 39 where its table says 0.
     */
    private static final int BINARY_COLLATION = 63;

    /** Whether Connector/J's result sets show their rows; false once its internal API was found missing. */
    private static volatile boolean readable = true;

    private final ResultsetRows rows;
    private final int columns;

    HeldRows(ResultsetRows rows, int columns) {
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * The rows of a result Connector/J holds whole, or null when it does not (streamed or fetched by cursor,
     * scrollable, updatable) or its internal API is missing: such a result is watched row by row instead.
     */
    static HeldRows of(ResultSet physical) throws SQLException {
        if (!readable || physical.getType() != ResultSet.TYPE_FORWARD_ONLY
                || physical.getConcurrency() != ResultSet.CONCUR_READ_ONLY) {
            return null;
        }
        try {
            ResultsetRows rows = rowsOf(physical);
            if (rows == null) {
                return null;
            }
            rows.getPosition();
            return new HeldRows(rows, rows.getMetadata().getFields().length);
        } catch (RuntimeException e) {
            // Rows of a kind that does not tell its position: this result is watched.
            return null;
        } catch (LinkageError e) {
            readable = false;
            LoggerFactory.getLogger(HeldRows.class).warn("Connector/J's result sets do not show their rows ({}): "
                    + "transactions on replicas watch every row the app reads instead", e.toString());
            return null;
        }
    }

    /** Connector/J's rows behind a result set, when it holds them all; else null. */
    static ResultsetRows rowsOf(ResultSet results) throws SQLException {
        if (!results.isWrapperFor(ResultSetInternalMethods.class)) {
            return null;
        }
        ResultsetRows rows = results.unwrap(ResultSetInternalMethods.class).getRows();
        return rows == null || rows.isDynamic() ? null : rows;
    }

    /** What holding the rows costs, counted until it passes {@code cap}. */
    long bytes(long cap) {
        long bytes = 0;
        for (int i = 0; i < rows.size() && bytes <= cap; i++) {
            Row row = row(rows, i);
            bytes += ROW_BYTES;
            for (int column = 0; column < columns; column++) {
                byte[] value = row.getNull(column) ? null : row.getBytes(column);
                bytes += VALUE_BYTES + (value == null ? 0 : value.length);
            }
        }
        return bytes;
    }

    /**
     * The rows the app's cursor moved onto. Connector/J leaves an empty result's cursor where it was, so an empty
     * result counts as read to its end: a replay that finds a row differs.
     */
    int seen() {
        int position = rows.getPosition();
        return position < 0 ? 0 : Math.min(position + 1, rows.size());
    }

    /** Whether the app's {@code next()} went past the last row (or the result was empty). */
    boolean sawEnd() {
        return rows.size() == 0 || rows.getPosition() >= rows.size();
    }

    @Override
    public String compareWith(ResultSet replayed) throws SQLException {
        ResultsetRows other;
        try {
            other = rowsOf(replayed);
        } catch (LinkageError | RuntimeException e) {
            other = null;
        }
        if (other == null) {
            return "its result could not be compared with the one the app had read";
        }
        return compareWith(other);
    }

    /** How the replayed rows differ from what the app read, or null when they do not. */
    String compareWith(ResultsetRows replayed) {
        if (replayed.getMetadata().getFields().length != columns) {
            return "it had " + replayed.getMetadata().getFields().length + " column(s) where the app had read "
                    + columns;
        }
        return compareWith(replayed, 0, replayed.size());
    }

    /**
     * How rows {@code from} to {@code to} (exclusive) of a combined result, in their first columns, differ from what
     * the app read, or null when they do not. Columns of another type, length, scale or character set differ too:
     * their values would not be written alike.
     */
    String compareSlice(ResultsetRows replayed, int from, int to) {
        Field[] theirs = replayed.getMetadata().getFields();
        if (theirs.length < columns) {
            return "it had " + theirs.length + " column(s) where the app had read " + columns;
        }
        if (!sameTypes(rows.getMetadata().getFields(), theirs)) {
            return "its columns came back as other types";
        }
        return compareWith(replayed, from, to);
    }

    private String compareWith(ResultsetRows replayed, int from, int to) {
        int seen = seen();
        int size = to - from;
        int available = Math.min(seen, size);
        for (int i = 0; i < available; i++) {
            if (!sameValues(row(rows, i), row(replayed, from + i))) {
                return SeenRows.valueDiffered(seen);
            }
        }
        if (size < seen) {
            return SeenRows.fewerRows(size, seen);
        }
        if (sawEnd() && size > seen) {
            return SeenRows.moreRows(seen);
        }
        return null;
    }

    /** Whether the two results have columns of the same types, so that their rows can be compared. */
    boolean sameColumns(HeldRows other) {
        return columns == other.columns
                && sameTypes(rows.getMetadata().getFields(), other.rows.getMetadata().getFields());
    }

    /** Whether the first {@code columns} columns of {@code theirs} are of the types of {@code mine}. */
    private boolean sameTypes(Field[] mine, Field[] theirs) {
        for (int column = 0; column < columns; column++) {
            if (!sameType(mine[column], theirs[column])) {
                return false;
            }
        }
        return true;
    }

    /** Whether the server writes values of both columns alike. */
    private static boolean sameType(Field a, Field b) {
        return a.getMysqlTypeId() == b.getMysqlTypeId() && a.getLength() == b.getLength()
                && a.getCollationIndex() == b.getCollationIndex()
                && (a.getCollationIndex() != BINARY_COLLATION || a.getDecimals() == b.getDecimals())
                && (a.getFlags() & WRITING_FLAGS) == (b.getFlags() & WRITING_FLAGS);
    }

    int columns() {
        return columns;
    }

    private boolean sameValues(Row original, Row replayed) {
        for (int column = 0; column < columns; column++) {
            boolean originalNull = original.getNull(column);
            if (originalNull != replayed.getNull(column)
                    || (!originalNull && !Arrays.equals(original.getBytes(column), replayed.getBytes(column)))) {
                return false;
            }
        }
        return true;
    }

    private static Row row(ResultsetRows rows, int index) {
        return rows.get(index).setMetadata(rows.getMetadata());
    }
}
