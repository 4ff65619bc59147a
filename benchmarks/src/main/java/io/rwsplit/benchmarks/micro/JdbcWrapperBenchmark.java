package io.rwsplit.benchmarks.micro;

import io.rwsplit.RwSplit;
import io.rwsplit.benchmarks.BenchCluster;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What our JDBC objects cost per call, against Connector/J's own objects on the same replica of a local cluster
 * (one primary, one replica, started by the testkit in the benchmark's JVM and removed after it):
 * <ul>
 *   <li>{@code resultSetGetInt*}: a call on a result set: ours hands out Connector/J's own, owned by our statement;</li>
 *   <li>{@code setInt*}: setting a parameter, which ours records to replay on whichever backend runs it;</li>
 *   <li>{@code pointSelect*}: a whole prepared point select by primary key, round trip included.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JdbcWrapperBenchmark {

    private static final int ROWS = 1_000;

    private BenchCluster bench;
    private Connection direct;
    private Connection rwsplit;
    private ResultSet directResults;
    private ResultSet rwsplitResults;
    private PreparedStatement directSelect;
    private PreparedStatement rwsplitSelect;
    private int id;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        bench = BenchCluster.start("jmh", 1, ROWS);
        try {
            ReplicationCluster cluster = bench.cluster();
            ClusterNode replica = cluster.replica(0);
            direct = DriverManager.getConnection(replica.jdbcUrl(), cluster.app().user(), cluster.app().password());
            rwsplit = DriverManager.getConnection(bench.rwsplitUrl("jmh", ""), cluster.app().user(),
                    cluster.app().password());
            BenchCluster.awaitServing(rwsplit, Duration.ofSeconds(30));
            directResults = openResults(direct);
            rwsplitResults = openResults(rwsplit);
            directSelect = direct.prepareStatement(BenchCluster.POINT_SELECT);
            rwsplitSelect = rwsplit.prepareStatement(BenchCluster.POINT_SELECT);
        } catch (SQLException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    private static ResultSet openResults(Connection connection) throws SQLException {
        ResultSet results = connection.createStatement().executeQuery("SELECT 42 AS answer, 'x' AS letter");
        if (!results.next()) {
            throw new IllegalStateException("no row");
        }
        return results;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try {
            closeAll(directResults, rwsplitResults, directSelect, rwsplitSelect, direct, rwsplit);
        } finally {
            RwSplit.shutdown();
            if (bench != null) {
                bench.close();
            }
        }
    }

    private static void closeAll(AutoCloseable... closeables) throws SQLException {
        for (AutoCloseable closeable : closeables) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (SQLException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Benchmark
    public int resultSetGetIntDirect() throws SQLException {
        return directResults.getInt(1);
    }

    @Benchmark
    public int resultSetGetIntRwsplit() throws SQLException {
        return rwsplitResults.getInt(1);
    }

    @Benchmark
    public void setIntDirect() throws SQLException {
        directSelect.setInt(1, nextId());
    }

    @Benchmark
    public void setIntRwsplit() throws SQLException {
        rwsplitSelect.setInt(1, nextId());
    }

    @Benchmark
    public int pointSelectDirect() throws SQLException {
        return pointSelect(directSelect);
    }

    @Benchmark
    public int pointSelectRwsplit() throws SQLException {
        return pointSelect(rwsplitSelect);
    }

    private int pointSelect(PreparedStatement select) throws SQLException {
        select.setInt(1, nextId());
        try (ResultSet results = select.executeQuery()) {
            return results.next() ? results.getInt(4) : -1;
        }
    }

    private int nextId() {
        int next = id + 1 > ROWS ? 1 : id + 1;
        id = next;
        return next;
    }
}
