package io.rwsplit.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the app saw of one result set it read through a {@link ResultWatch} (one whose rows are not held): how many
 * rows it moved onto with {@code next()}, a running 64-bit hash of every column value of those rows, and whether it
 * reached the end. A replay reads the same rows of the same statement and must come to the same checksum.
 */
final class RowChecksum implements SeenRows {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long NULL_MARK = 0x6e756c6cL;
    private static final long COLUMN_MARK = 0x1fL;

    private long rows;
    private long hash = FNV_OFFSET;
    private boolean exhausted;
    /** The result's column count, read at its first row: Connector/J builds a new metadata object per call. */
    private int columns;

    long rows() {
        return rows;
    }

    boolean exhausted() {
        return exhausted;
    }

    /** The app moved on with {@code next()}, which answered {@code hasRow}: the row now current counts. */
    void moved(ResultSet results, boolean hasRow) throws SQLException {
        if (!hasRow) {
            exhausted = true;
            return;
        }
        if (rows++ == 0) {
            columns = results.getMetaData().getColumnCount();
        }
        hash = hashRow(hash, results, columns);
    }

    @Override
    public String compareWith(ResultSet replayed) throws SQLException {
        long seen = 0;
        long replayHash = FNV_OFFSET;
        int replayedColumns = replayed.getMetaData().getColumnCount();
        while (seen < rows) {
            if (!replayed.next()) {
                return SeenRows.fewerRows(seen, rows);
            }
            seen++;
            replayHash = hashRow(replayHash, replayed, replayedColumns);
        }
        if (replayHash != hash) {
            return SeenRows.valueDiffered(rows);
        }
        if (exhausted && replayed.next()) {
            return SeenRows.moreRows(rows);
        }
        return null;
    }

    /** Every column of the current row, as text (the form every type has), NULL told apart from any value. */
    private static long hashRow(long seed, ResultSet results, int columns) throws SQLException {
        long h = seed;
        for (int i = 1; i <= columns; i++) {
            String value = results.getString(i);
            if (value == null) {
                h = (h ^ NULL_MARK) * FNV_PRIME;
            } else {
                for (int c = 0; c < value.length(); c++) {
                    h = (h ^ value.charAt(c)) * FNV_PRIME;
                }
            }
            h = (h ^ COLUMN_MARK) * FNV_PRIME;
        }
        return h;
    }
}
