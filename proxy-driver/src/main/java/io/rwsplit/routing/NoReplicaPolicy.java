package io.rwsplit.routing;

import java.util.Locale;

/** What a replica-bound read does when no replica serves reads. */
public enum NoReplicaPolicy {
    /** Run it on the primary (the default): reads keep working while replicas are away. */
    PRIMARY,
    /** Fail it with an SQLException, for apps that must never load the primary with reads. */
    FAIL;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
