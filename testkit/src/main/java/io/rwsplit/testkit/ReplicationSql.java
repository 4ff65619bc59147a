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
}
