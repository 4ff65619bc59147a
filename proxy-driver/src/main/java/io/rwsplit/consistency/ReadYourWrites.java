package io.rwsplit.consistency;

import java.util.Locale;

/** What a replica-bound read does about this connection's (or the cluster's) own earlier writes. */
public enum ReadYourWrites {
    /** Plain splitting: a read may miss a write that has not reached its replica yet. */
    OFF,
    /** For {@code rwsplit.readYourWritesWindow} after the last write, reads go to the primary. */
    PRIMARY_WINDOW,
    /**
     * A read goes to a replica known to have applied the GTID of the last write (by the monitor, an earlier wait, or
     * the catch-up watcher), else to the primary; it never waits. The replica waits when no primary is available.
     */
    GTID,
    /** A read waits on its replica until that has applied the GTID of the last write; on timeout, the primary. */
    GTID_WAIT;

    /** Whether this mode follows writes by their GTIDs. */
    public boolean usesGtids() {
        return this == GTID || this == GTID_WAIT;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
