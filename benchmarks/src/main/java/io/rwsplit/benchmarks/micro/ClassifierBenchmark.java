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
 * Classification per statement over a corpus, one statement per call in turn, so the figure is the corpus average.
 * {@code oltp} is what applications send (hand-written SQL, ORMs, Connector/J, transactions, session SETs);
 * {@code mixed} is the rest of the classifier's range, JSqlParser shapes included (those dominate its uncached mean).
 * Not final: JMH subclasses benchmark classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ClassifierBenchmark {

    /** The driver's default {@code rwsplit.classifierCacheSize} and {@code rwsplit.maxParseLength}. */
    static final int CACHE_SIZE = 10_000;
    static final int MAX_PARSE_LENGTH = 65_536;

    @Param({"oltp", "mixed"})
    public String corpus;

    private String[] statements;
    private int next;
    private SqlClassifier cached;
    private SqlClassifier uncached;

    @Setup
    public void setUp() {
        statements = Corpus.checkedTexts(Corpus.load(corpus));
        cached = new SqlClassifier(CACHE_SIZE, MAX_PARSE_LENGTH);
        uncached = new SqlClassifier(0, MAX_PARSE_LENGTH);
        for (String sql : statements) {
            cached.classify(sql);
        }
    }

    private String nextStatement() {
        int i = next;
        next = i + 1 == statements.length ? 0 : i + 1;
        return statements[i];
    }

    /** The same String objects every time, as with prepared statements and ORMs: its hash is cached in the String. */
    @Benchmark
    public Classification cacheHit() {
        return cached.classify(nextStatement());
    }

    /** No cache at all ({@code rwsplit.classifierCacheSize=0}): lexer and rules, and JSqlParser where they give up. */
    @Benchmark
    public Classification noCache() {
        return uncached.classify(nextStatement());
    }
}
