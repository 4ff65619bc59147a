package io.rwsplit.monitor;

/**
 * A point in a primary's replication stream that a replica has, or has not yet, applied: a MariaDB GTID position, a
 * MySQL GTID set, or a binary log file and offset. Immutable and thread-safe.
 *
 * <p>{@link #covers} answers the question read-your-writes asks: has the server at this position applied everything
 * at that one? Positions of different kinds never cover each other.
 */
public interface ReplicationPosition {

    /**
     * Whether every transaction in {@code other} is also in this position: per domain for MariaDB (the server id part
     * is ignored), set inclusion for MySQL GTID sets, file then offset for binary log coordinates. Every position
     * covers an empty one; {@code false} for a null or a position of another kind.
     */
    boolean covers(ReplicationPosition other);

    /**
     * How many transactions of {@code ahead} this position lacks: MariaDB, the sum over the domains of {@code ahead}
     * of how far its sequence number is beyond ours; MySQL, how many GTIDs of {@code ahead} are not in this set. For
     * binary log coordinates, 0 when this position covers {@code ahead}. -1 when it cannot be told (another kind, a
     * null, binary log coordinates behind).
     */
    long transactionsMissing(ReplicationPosition ahead);

    /** Whether the position holds no transaction at all (an empty GTID position or set). */
    boolean isEmpty();

    /**
     * The position in the server's own syntax: {@code 0-1-100,1-2-7} (MariaDB), {@code uuid:1-5:7-9,uuid2:1-3}
     * (MySQL), {@code mysql-bin.000012:4711} (binary log file and offset).
     */
    @Override
    String toString();

    /**
     * Parses a MariaDB GTID position such as {@code @@gtid_binlog_pos} or {@code Gtid_Slave_Pos}: a comma-separated
     * list of {@code domain-server-sequence}, possibly empty. For a domain listed twice the higher sequence counts.
     *
     * @throws IllegalArgumentException if the text is not a GTID position
     */
    static ReplicationPosition parseMariaDbGtid(String text) {
        return MariaDbGtidPosition.parse(text);
    }

    /**
     * Parses a MySQL GTID set such as {@code @@gtid_executed} or {@code Executed_Gtid_Set}:
     * {@code uuid:1-5:7-9,uuid2:1-3}, with MySQL 8.4 tags ({@code uuid:1-5:batch:1-3}), any whitespace and line
     * breaks, possibly empty.
     *
     * @throws IllegalArgumentException if the text is not a GTID set
     */
    static ReplicationPosition parseMySqlGtidSet(String text) {
        return MySqlGtidSet.parse(text);
    }

    /**
     * Binary log coordinates, e.g. {@code binlog("mysql-bin.000012", 4711)}. The file's numeric extension orders
     * files of the same base name.
     *
     * @throws IllegalArgumentException if the file name is blank or the offset negative
     */
    static ReplicationPosition binlog(String file, long position) {
        return new BinlogPosition(file, position);
    }
}
