package io.rwsplit.config;

/** Sizes and timeouts of each backend's connection pool, from the rwsplit.pool* settings. */
public record PoolSettings(int maxSize, int minIdle, long connectionTimeoutMillis, long idleTimeoutMillis,
                           long maxLifetimeMillis) {
}
