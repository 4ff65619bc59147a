package io.rwsplit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassificationCacheTest {

    private static final Classification READ = Classification.of(StatementKind.READ);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 101, 1_000})
    void neverHoldsMoreThanItsCapacity(int capacity) {
        ClassificationCache cache = new ClassificationCache(capacity);
        for (int i = 0; i < 20 * capacity + 50; i++) {
            String sql = "SELECT " + i;
            cache.put(sql, READ);
            cache.get("SELECT " + (i / 2));
            assertThat(cache.size()).isLessThanOrEqualTo(capacity);
        }
    }

    @Test
    void keepsStatementsInUseAcrossRotations() {
        ClassificationCache cache = new ClassificationCache(10);
        cache.put("hot", READ);
        for (int i = 0; i < 1_000; i++) {
            cache.put("cold " + i, READ);
            assertThat(cache.get("hot")).as("after %d cold statements", i + 1).isSameAs(READ);
        }
        assertThat(cache.get("cold 0")).isNull();
    }

    @Test
    void cachesNothingWithZeroCapacity() {
        ClassificationCache cache = new ClassificationCache(0);
        cache.put("SELECT 1", READ);
        assertThat(cache.get("SELECT 1")).isNull();
        assertThat(cache.size()).isZero();
    }
}
