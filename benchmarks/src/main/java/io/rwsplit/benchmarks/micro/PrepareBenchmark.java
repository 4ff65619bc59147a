package io.rwsplit.benchmarks.micro;

import io.rwsplit.benchmarks.BenchCluster;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What preparing a statement for one use costs in Connector/J (a client-side prepare sends nothing: this is its parse
 * of the text), with its own defaults ({@code plain}) and with the parse cache rwsplit turns on for its physical
 * connections ({@code cached}: {@code cachePrepStmts=true}, {@code prepStmtCacheSqlLimit=2048}), for a point select
 * and for a select as long as an ORM writes for an entity.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PrepareBenchmark {

    /** Entity columns as an ORM names them in its select: 319 characters, past Connector/J's own limit of 256. */
    private static final String ORM_SELECT = "select " + String.join(",", Collections.nCopies(24, "i1_0.price"))
            + " from items i1_0 where i1_0.id=? and i1_0.name=?";

    @Param({"point", "orm"})
    public String text;

    private BenchCluster bench;
    private Connection plain;
    private Connection cached;
    private String sql;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        bench = BenchCluster.start("jmh-prepare", 1, 10);
        ReplicationCluster cluster = bench.cluster();
        ClusterNode replica = cluster.replica(0);
        Properties properties = new Properties();
        properties.setProperty("user", cluster.app().user());
        properties.setProperty("password", cluster.app().password());
        plain = DriverManager.getConnection(replica.jdbcUrl(), properties);
        properties.setProperty("cachePrepStmts", "true");
        properties.setProperty("prepStmtCacheSqlLimit", "2048");
        cached = DriverManager.getConnection(replica.jdbcUrl(), properties);
        sql = "orm".equals(text) ? ORM_SELECT : BenchCluster.POINT_SELECT;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try {
            plain.close();
            cached.close();
        } finally {
            bench.close();
        }
    }

    @Benchmark
    public Object prepareAndClosePlain() throws SQLException {
        return prepareAndClose(plain);
    }

    @Benchmark
    public Object prepareAndCloseCached() throws SQLException {
        return prepareAndClose(cached);
    }

    private Object prepareAndClose(Connection connection) throws SQLException {
        var statement = connection.prepareStatement(sql);
        statement.close();
        return statement;
    }
}
