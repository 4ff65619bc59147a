package io.rwsplit.routing;

import java.util.Arrays;
import java.util.List;
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

    public static List<String> keys() {
        return Arrays.stream(values()).map(NoReplicaPolicy::key).toList();
    }

    /** @return the policy with this key, or null when there is none */
    public static NoReplicaPolicy ofKey(String key) {
        for (NoReplicaPolicy value : values()) {
            if (value.key().equals(key)) {
                return value;
            }
        }
        return null;
    }
}
