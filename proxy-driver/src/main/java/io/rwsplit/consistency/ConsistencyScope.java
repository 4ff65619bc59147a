package io.rwsplit.consistency;

import java.util.Locale;

/** Whose writes a read must see. */
public enum ConsistencyScope {
    /** The writes of the same logical connection. */
    CONNECTION,
    /** Every write acknowledged in this JVM (through this cluster) before the read started. */
    CLUSTER;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
