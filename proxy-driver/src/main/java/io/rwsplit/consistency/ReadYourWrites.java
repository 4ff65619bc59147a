package io.rwsplit.consistency;

import java.util.Locale;

/** What a replica-bound read does about this connection's (or the cluster's) own earlier writes. */
public enum ReadYourWrites {
    /** Plain splitting: a read may miss a write that has not reached its replica yet. */
    OFF,
    /** For {@code rwsplit.readYourWritesWindow} after the last write, reads go to the primary. */
    PRIMARY_WINDOW,
    /** A read goes to a replica only once it has applied the GTID of the last write; else to the primary. */
    GTID;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
