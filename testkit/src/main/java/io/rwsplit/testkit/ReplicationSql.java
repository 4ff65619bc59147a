package io.rwsplit.testkit;

import java.time.Duration;
import java.util.List;

/** The replication statements of one flavor. */
interface ReplicationSql {

    static ReplicationSql of(Flavor flavor) {
        return flavor == Flavor.MARIADB ? new MariaDbReplicationSql() : new MySqlReplicationSql();
    }

    /** The primary's current GTID position, as one string. */
    String primaryPosition();

    /** The position a replica has applied. */
    String appliedPosition();

    /** A query with two parameters (position, timeout in seconds) that waits on a replica; see {@link #reached}. */
    String waitForPosition();

    /** The timeout parameter of {@link #waitForPosition()}. */
    Object waitTimeout(Duration timeout);

    /** Whether the result of {@link #waitForPosition()} means the position was reached (not a timeout). */
    boolean reached(String result);

    /** Stops applying events; the replica keeps fetching them. */
    String stopApplier();

    /** Starts whatever replication thread is stopped. */
    String startReplication();

    /** Sets the replica's delay, leaving the applier running or stopped as it was. */
    List<String> setDelay(int seconds, boolean applierRunning);

    /** SHOW REPLICA STATUS in the form this flavor knows. */
    String status();

    /** The status column that says "Yes" while the applier runs. */
    String applierRunningColumn();

    /** The status columns worth showing when a replica does not catch up. */
    List<String> diagnosticColumns();

    /** The status column with what the replica has received (not necessarily applied) of its source's log. */
    String receivedColumn();

    /**
     * Points a server at a (new) source, by GTID, as the first set-up does, and starts replicating.
     *
     * @param fromPosition the GTID position to replicate from (MariaDB); null: what it has applied
     */
    List<String> pointTo(String host, int port, String password, String fromPosition);

    /** Stops replicating and forgets the source, so the server no longer replicates at all. */
    List<String> forgetSource();

    /** Makes the server read-only (for every user without the privilege to bypass it) or writable. */
    List<String> readOnly(boolean readOnly);

    /** Turns the primary side of semi-synchronous replication on (lossless: after sync) or off. */
    List<String> semiSyncPrimary(boolean on);
}
