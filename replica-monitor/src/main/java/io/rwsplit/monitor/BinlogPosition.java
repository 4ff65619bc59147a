package io.rwsplit.monitor;

import java.util.Objects;

/**
 * Binary log coordinates in the primary's log: a file such as {@code mysql-bin.000012} and an offset in it. Files of
 * the same base name are ordered by their numeric extension; coordinates in differently named logs are not
 * comparable. Coordinates cannot count transactions.
 */
final class BinlogPosition implements ReplicationPosition {

    private final String file;
    private final long offset;
    private final String baseName;
    private final long sequence;

    BinlogPosition(String file, long offset) {
        Objects.requireNonNull(file, "binary log file");
        if (file.isBlank()) {
            throw new IllegalArgumentException("binary log file name is blank");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("binary log offset " + offset + " is negative");
        }
        this.file = file.strip();
        this.offset = offset;
        int dot = this.file.lastIndexOf('.');
        long parsed = -1;
        if (dot >= 0) {
            try {
                parsed = Long.parseLong(this.file.substring(dot + 1));
            } catch (NumberFormatException e) {
                parsed = -1;
            }
        }
        this.sequence = parsed;
        this.baseName = parsed >= 0 ? this.file.substring(0, dot) : this.file;
    }

    /** Whether both are offsets in logs of the same base name, so they compare. */
    boolean sameLog(BinlogPosition other) {
        return baseName.equals(other.baseName);
    }

    @Override
    public boolean covers(ReplicationPosition other) {
        if (!(other instanceof BinlogPosition that) || !baseName.equals(that.baseName)) {
            return false;
        }
        if (sequence != that.sequence) {
            return sequence > that.sequence;
        }
        return offset >= that.offset;
    }

    @Override
    public long transactionsMissing(ReplicationPosition ahead) {
        return covers(ahead) ? 0 : -1;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BinlogPosition that && file.equals(that.file) && offset == that.offset;
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Long.hashCode(offset);
    }

    @Override
    public String toString() {
        return file + ":" + offset;
    }
}
