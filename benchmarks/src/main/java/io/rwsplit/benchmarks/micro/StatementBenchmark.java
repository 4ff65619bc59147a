package io.rwsplit.benchmarks.micro;

import io.rwsplit.sql.Classification;
import io.rwsplit.sql.SqlClassifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One typical statement at a time, three ways: a cache hit, no cache, and a cache miss on a text never seen before
 * (the statement with a fresh literal on every call, as plain {@code Statement}s with concatenated values produce:
 * the miss also pays the cache insert and its rotations). The fresh texts are made before measuring, so building
 * them is not counted; their hash is, once per text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StatementBenchmark {

    /** Where the fresh literal goes in each template. */
    private static final String SLOT = "4217";
    /** More distinct texts than the cache holds, so that every one is a miss when it comes round again. */
    private static final int FRESH_TEXTS = 1 << 16;

    /** Each statement as written with a literal of {@value #SLOT}. */
    public enum Shape {
        POINT_SELECT("SELECT id, name, price, stock FROM items WHERE id = 4217"),
        JOIN("SELECT o.id, o.total, c.name FROM orders o JOIN customers c ON c.id = o.customer_id"
                + " WHERE o.customer_id = 4217 ORDER BY o.created_at DESC LIMIT 50"),
        HIBERNATE("select o1_0.id,o1_0.created_at,o1_0.customer_id,o1_0.status,o1_0.total from orders o1_0"
                + " where o1_0.customer_id=4217 order by o1_0.created_at desc"),
        INSERT("INSERT INTO orders (customer_id, product_id, quantity, created_at) VALUES (4217, 17, 1, NOW())"),
        UPDATE("UPDATE items SET stock = stock - 1 WHERE id = 4217 AND stock > 0"),
        LOCKING_READ("SELECT stock FROM items WHERE id = 4217 FOR UPDATE"),
        COMMENTED_READ("/* app=shop, request=4217 */ SELECT id, name FROM items WHERE id = 4217"),
        /** A shape the rules leave to JSqlParser. */
        PARSER_MERGE("MERGE INTO t USING s ON (t.id = s.id) WHEN MATCHED THEN UPDATE SET t.v = 4217");

        final String sql;

        Shape(String sql) {
            this.sql = sql;
        }
    }

    @Param
    public Shape shape;

    private String sql;
    private String[] fresh;
    private int next;
    private SqlClassifier cached;
    private SqlClassifier uncached;
    private SqlClassifier missing;

    @Setup
    public void setUp() {
        sql = shape.sql;
        int slot = sql.indexOf(SLOT);
        String before = sql.substring(0, slot);
        String after = sql.substring(slot + SLOT.length());
        fresh = new String[FRESH_TEXTS];
        for (int i = 0; i < FRESH_TEXTS; i++) {
            fresh[i] = before + (100_000 + i) + after;
        }
        cached = new SqlClassifier(ClassifierBenchmark.CACHE_SIZE, ClassifierBenchmark.MAX_PARSE_LENGTH);
        uncached = new SqlClassifier(0, ClassifierBenchmark.MAX_PARSE_LENGTH);
        missing = new SqlClassifier(ClassifierBenchmark.CACHE_SIZE, ClassifierBenchmark.MAX_PARSE_LENGTH);
        cached.classify(sql);
    }

    @Benchmark
    public Classification cacheHit() {
        return cached.classify(sql);
    }

    @Benchmark
    public Classification noCache() {
        return uncached.classify(sql);
    }

    @Benchmark
    public Classification freshLiteral() {
        int i = next;
        next = (i + 1) & (FRESH_TEXTS - 1);
        return missing.classify(fresh[i]);
    }
}
