package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * URLs as users write them, good and bad: each either connects (pools start lazily, so no server is needed) or fails
 * with an SQLException (08001) that names what is wrong and what is accepted, and never with anything else. After
 * each, once the connection is closed and the driver shut down, no thread, pool or MBean of ours is left.
 */
class BadInputTest {

    private static final String CLOUD_PRIMARY = "orders-primary.c9akciq32xyz.eu-central-1.rds.amazonaws.com:3306";
    private static final String CLOUD_REPLICA = "orders-replica-1.c9akciq32xyz.eu-central-1.rds.amazonaws.com:3306";
    /** Unreachable on purpose: nothing connects before the first statement. */
    private static final String HOSTS = "127.0.0.1:1,127.0.0.2:1";

    private Set<String> threadsBefore;

    static Stream<Arguments> connects() {
        String long70 = "a".repeat(70) + ".example.com";
        String long300 = ("b".repeat(60) + ".").repeat(5) + "example.com";
        return Stream.of(
                Arguments.of("cloud host names", "jdbc:rwsplit:mysql://" + CLOUD_PRIMARY + "," + CLOUD_REPLICA
                        + "/orders_production"),
                Arguments.of("a host name over 64 characters", "jdbc:rwsplit:mysql://" + long70 + ":3306/app"),
                Arguments.of("a host name over 255 characters", "jdbc:rwsplit:mysql://" + long300 + ":3306/app"),
                Arguments.of("IPv6", "jdbc:rwsplit:mysql://[::1]:1,[::1]:2/app"),
                Arguments.of("maxReplicaLag 0", url("rwsplit.maxReplicaLag=0")),
                Arguments.of("an unqualified heartbeat table", url("rwsplit.heartbeatTable=heartbeat")),
                Arguments.of("a quoted heartbeat table", url("rwsplit.heartbeatTable=%60hb%20db%60.%60beat%60")),
                Arguments.of("every bound at its edge", url("rwsplit.pollInterval=100&rwsplit.probeTimeout=5m"
                        + "&rwsplit.restoreDwell=1h&rwsplit.lagSummaryInterval=24h&rwsplit.poolMaxSize=1000"
                        + "&rwsplit.poolConnectionTimeout=250&rwsplit.maxReplicaLag=86400000")),
                Arguments.of("empty values mean the defaults", url("rwsplit.maxReplicaLag=&rwsplit.loadBalance=")),
                Arguments.of("a cluster name of 64 characters", url("rwsplit.clusterName=" + "c".repeat(64))));
    }

    static Stream<Arguments> fails() {
        return Stream.of(
                Arguments.of("a heartbeat table with no schema and no database",
                        "jdbc:rwsplit:mysql://" + HOSTS + "?rwsplit.heartbeatTable=heartbeat",
                        "rwsplit.heartbeatTable", "schema.table"),
                Arguments.of("a heartbeat table of three parts", url("rwsplit.heartbeatTable=a.b.c"),
                        "rwsplit.heartbeatTable", "schema.table"),
                Arguments.of("a negative lag", url("rwsplit.maxReplicaLag=-5"), "rwsplit.maxReplicaLag",
                        "between 0 and 86400000 ms"),
                Arguments.of("a lag past a day", url("rwsplit.maxReplicaLag=25h"), "rwsplit.maxReplicaLag",
                        "between 0 and 86400000 ms"),
                Arguments.of("a poll too fast", url("rwsplit.pollInterval=99"), "rwsplit.pollInterval",
                        "between 100 and 3600000 ms"),
                Arguments.of("a probe timeout past its bound", url("rwsplit.probeTimeout=300001"),
                        "rwsplit.probeTimeout", "between 50 and 300000 ms"),
                Arguments.of("a misspelt strategy", url("rwsplit.loadBalance=round_robbin"), "rwsplit.loadBalance",
                        "did you mean \"round-robin\""),
                Arguments.of("an unknown key", url("rwsplit.maxLag=5"), "rwsplit.maxLag", "rwsplit.maxReplicaLag"),
                Arguments.of("a cluster name of 65 characters", url("rwsplit.clusterName=" + "c".repeat(65)),
                        "rwsplit.clusterName", "at most 64 characters"),
                Arguments.of("port 0", "jdbc:rwsplit:mysql://127.0.0.1:0,127.0.0.2:1/app", "port", "0"),
                Arguments.of("port 65536", "jdbc:rwsplit:mysql://127.0.0.1:65536/app", "port", "65536"),
                Arguments.of("a port that is no number", "jdbc:rwsplit:mysql://127.0.0.1:abc/app", "port", "abc"),
                Arguments.of("an empty host", "jdbc:rwsplit:mysql://:3306/app", "host", ""),
                Arguments.of("no host at all", "jdbc:rwsplit:mysql:///app", "host", ""),
                Arguments.of("a host listed twice", "jdbc:rwsplit:mysql://127.0.0.1:1,127.0.0.2:1,127.0.0.2:1/app",
                        "listed twice", "127.0.0.2:1"),
                Arguments.of("a replica that is the primary", "jdbc:rwsplit:mysql://127.0.0.1:1,127.0.0.1:1/app",
                        "listed twice", "127.0.0.1:1"),
                Arguments.of("an unclosed IPv6 bracket", "jdbc:rwsplit:mysql://[::1:3306/app", "[::1", ""),
                Arguments.of("a password never shown", url("rwsplit.monitorPassword=s3cret&rwsplit.pollInterval=1"),
                        "rwsplit.pollInterval", "between 100"));
    }

    private static String url(String query) {
        return "jdbc:rwsplit:mysql://" + HOSTS + "/app?" + query;
    }

    @BeforeEach
    void noteThreads() {
        RwSplit.shutdown();
        threadsBefore = ourThreads();
    }

    @AfterEach
    void leavesNothingBehind() throws Exception {
        RwSplit.shutdown();
        Set<String> left = ourThreads();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!threadsBefore.containsAll(left) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = ourThreads();
        }
        left.removeAll(threadsBefore);
        assertThat(left).as("threads left").isEmpty();
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.rwsplit:type=Cluster,*"),
                null)).as("MBeans left").isEmpty();
    }

    @ParameterizedTest(name = "connects: {0}")
    @MethodSource("connects")
    void connectsWithOrdinaryInput(String what, String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "app", "s3cret")) {
            assertThat(connection.isClosed()).isFalse();
            assertThat(RwSplit.status(connection).name().length()).as("cluster name").isBetween(1, 64);
        }
    }

    @ParameterizedTest(name = "fails: {0}")
    @MethodSource("fails")
    void failsWithAClearSqlException(String what, String url, String names, String accepted) {
        SQLException error = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(url, "app", "s3cret").close());
        assertThat((Throwable) error).as(what).isNotNull();
        assertThat(error.getSQLState()).isEqualTo("08001");
        assertThat(error.getMessage()).contains(names).contains(accepted).doesNotContain("s3cret");
    }

    /** The threads of ours: the monitor's, the pools', the cut-offs'. */
    private static Set<String> ourThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && (name.startsWith("rwsplit-") || name.contains("housekeeper")
                    || name.contains("connection adder") || name.contains("connection closer"))) {
                names.add(name + "#" + thread.getId());
            }
        }
        return names;
    }
}
