package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The primary killed and restarted under one DataSource: writes fail fast with an 08xxx error naming the primary,
 * autocommit reads keep working on the replicas, and writes work again once the primary is back.
 */
class PrimaryOutageIT {

    /** The pool's default connection timeout: fail-fast means well under it. */
    private static final long POOL_TIMEOUT_MILLIS = 5000;

    private static ReplicationCluster cluster;
    private static RwSplitDataSource dataSource;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("primary-outage-it").replicas(2).start();
        dataSource = new RwSplitDataSource(ClusterUrls.withCredentials(cluster, "primary-outage-it", ""));
        cluster.setUp("CREATE TABLE events (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(20))",
                "INSERT INTO events (what) VALUES ('before')");
    }

    @AfterAll
    static void stopCluster() {
        if (dataSource != null) {
            dataSource.close();
        }
        RwSplitDriver.shutdown();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void writesFailFastWhileThePrimaryIsDownReadsGoOnAndWritesReturnWithIt() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("warm-up");
        }
        cluster.kill(cluster.primary());
        List<SQLException> failures = new ArrayList<>();
        List<Long> failedAfter = new ArrayList<>();
        int reads = 0;
        long outageEnds = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < outageEnds) {
            long started = System.nanoTime();
            try {
                write("during");
                throw new AssertionError("a write succeeded with the primary killed");
            } catch (SQLException e) {
                failures.add(e);
                failedAfter.add((System.nanoTime() - started) / 1_000_000);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(read()).isEqualTo("before");
                reads++;
            }
        }
        System.out.printf("primary down: %d writes failed after %s ms; %d reads, none failed; first error: %s (%s)%n",
                failures.size(), failedAfter, reads, failures.get(0).getSQLState(), failures.get(0).getMessage());
        String primary = cluster.primary().hostAndPort();
        for (SQLException failure : failures) {
            assertThat(failure.getSQLState()).as(failure.toString()).startsWith("08");
        }
        // A write on a connection opened before the kill gets Connector/J's own error (no host in it): the first
        // one, which also discards the pool's other connections. Every later one is rwsplit's, naming the primary.
        for (SQLException failure : failures.subList(1, failures.size())) {
            assertThat(failure.getMessage()).contains("primary " + primary);
            assertThat(failure.getCause()).as("Connector/J's connect error as the cause").isInstanceOf(
                    SQLException.class);
        }
        assertThat(failedAfter.stream().mapToLong(Long::longValue).max().orElseThrow())
                .isLessThan(POOL_TIMEOUT_MILLIS / 2);

        long restarting = System.nanoTime();
        cluster.restart(cluster.primary());
        long answering = System.nanoTime();
        AtomicInteger failedAfterRestart = new AtomicInteger();
        long deadline = answering + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                write("after");
                break;
            } catch (SQLException e) {
                failedAfterRestart.incrementAndGet();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("writes did not return within 30 s of the primary's restart", e);
                }
                Thread.sleep(20);
            }
        }
        long writing = System.nanoTime();
        System.out.printf("primary restarted in %d ms; first write succeeded %d ms after it answered"
                        + " (%d write(s) failed meanwhile)%n", (answering - restarting) / 1_000_000,
                (writing - answering) / 1_000_000, failedAfterRestart.get());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "/* rwsplit:primary */ SELECT COUNT(*) FROM events WHERE what = 'after'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aFrozenPrimaryHoldsNoStatementLongerThanTheCutoff() throws Exception {
        long cutoffMillis = 2000;
        String url = ClusterUrls.withCredentials(cluster, "frozen-primary-it", "&rwsplit.primaryCutoff=" + cutoffMillis);
        try (RwSplitDataSource frozenAware = new RwSplitDataSource(url);
             Connection connection = frozenAware.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO events (what) VALUES ('before freeze')");
            }
            cluster.freeze(cluster.primary());
            long frozenAt = System.nanoTime();
            SQLException inFlight;
            long inFlightMillis;
            SQLException next;
            long nextMillis;
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO events (what) VALUES ('during freeze')");
                    throw new AssertionError("a write succeeded on a frozen primary");
                } catch (SQLException e) {
                    inFlight = e;
                    inFlightMillis = (System.nanoTime() - frozenAt) / 1_000_000;
                }
                long started = System.nanoTime();
                try (Connection another = frozenAware.getConnection(); Statement statement = another.createStatement()) {
                    statement.executeUpdate("INSERT INTO events (what) VALUES ('after cutoff')");
                    throw new AssertionError("a write succeeded on a frozen primary");
                } catch (SQLException e) {
                    next = e;
                    nextMillis = (System.nanoTime() - started) / 1_000_000;
                }
            } finally {
                cluster.thaw(cluster.primary());
            }
            System.out.printf("frozen primary: the write in flight failed after %d ms (%s %s); the next one after "
                    + "%d ms: %s%n", inFlightMillis, inFlight.getSQLState(), inFlight.getMessage().replace('\n', ' '),
                    nextMillis, next.getMessage());
            // Detection (poll 250 ms + probe timeout 1000 ms), then the cutoff; generous slack for a loaded machine.
            assertThat(inFlight.getSQLState()).startsWith("08");
            assertThat(inFlightMillis).isBetween(cutoffMillis, cutoffMillis + 4000);
            assertThat(next.getSQLState()).startsWith("08");
            assertThat(next.getMessage()).contains("primary " + cluster.primary().hostAndPort()).contains("DOWN");
            assertThat(nextMillis).as("fails at once").isLessThan(1000);

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try (Connection again = frozenAware.getConnection(); Statement statement = again.createStatement()) {
                    statement.executeUpdate("INSERT INTO events (what) VALUES ('after thaw')");
                    break;
                } catch (SQLException e) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("writes did not return within 30 s of the thaw", e);
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    private static void write(String what) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO events (what) VALUES ('" + what + "')");
        }
    }

    private static String read() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT what FROM events WHERE id = 1")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
