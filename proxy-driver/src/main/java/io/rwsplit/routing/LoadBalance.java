package io.rwsplit.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a read picks one of the replicas that currently serve reads. */
public enum LoadBalance {
    ROUND_ROBIN,
    RANDOM,
    /** Random, in proportion to the weights given in {@code rwsplit.weights}. */
    WEIGHTED,
    /** The replica whose pool has the fewest connections in use. */
    LEAST_CONNECTIONS,
    /** The replica with the lowest measured lag; ties go round-robin. */
    LOWEST_LAG;

    /** The name used in URLs and properties, e.g. {@code round-robin}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(LoadBalance::key).toList();
    }

    /** @return the strategy with this key, or null when there is none */
    public static LoadBalance ofKey(String key) {
        for (LoadBalance value : values()) {
            if (value.key().equals(key)) {
                return value;
            }
        }
        return null;
    }
}
