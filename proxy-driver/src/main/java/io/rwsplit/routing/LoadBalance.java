package io.rwsplit.routing;

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
}
