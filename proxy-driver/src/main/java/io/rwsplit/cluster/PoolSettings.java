package io.rwsplit.cluster;

/** Sizes and timeouts of each backend's connection pool. */
public record PoolSettings(int maxSize, int minIdle, long connectionTimeoutMillis, long idleTimeoutMillis,
                           long maxLifetimeMillis) {
}
