package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.cluster.Backend;
import io.rwsplit.cluster.Cluster;
import io.rwsplit.jdbc.RoutingConnection;
import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replica frozen (SIGSTOP) or killed under autocommit reads: the reads in flight on it are aborted once the monitor
 * marks it DOWN and run again on the other replica, none fails; inside a transaction the app gets Connector/J's error.
 * The monitor runs with its defaults (poll 250 ms, probe timeout 1000 ms), and no socketTimeout is set, so nothing
 * but the driver bounds a read on the frozen server.
 */
class ReplicaFaultsIT {

    private static final int READERS = 6;

    @AutoClose
    private static ReplicationCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("replica-faults-it").replicas(2).start();
        url = ClusterUrls.withCredentials(cluster, "replica-faults-it",
                "&rwsplit.pollInterval=250&rwsplit.restoreDwell=500");
        cluster.setUp("CREATE TABLE items (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void readsInFlightOnAFrozenReplicaAreAbortedAndRunElsewhere() throws Exception {
        ClusterNode frozen = cluster.replica(1);
        Cluster shared = sharedCluster();
        long retriesBefore = shared.statistics().retries();
        long abortedBefore = shared.abortedConnections();
        // Slow reads, so that several are in flight on the replica when it freezes.
        try (Readers readers = new Readers("SELECT @@server_id, v, SLEEP(0.2) FROM items WHERE id = 1")) {
            readers.awaitReadsOn(frozen, 20);
            long frozenAt = System.nanoTime();
            cluster.freeze(frozen);
            try {
                long downAfter = awaitState(frozen, ReplicaState.DOWN, Duration.ofSeconds(10)) - frozenAt;
                Thread.sleep(2000);
                readers.stop();
                System.out.printf("frozen replica: DOWN after %d ms; %d connection(s) aborted; %d read(s) retried;"
                                + " longest read %d ms; %d reads, %d failed%n", downAfter / 1_000_000,
                        shared.abortedConnections() - abortedBefore, shared.statistics().retries() - retriesBefore,
                        readers.longestMillis(), readers.reads(), readers.failures());
            } finally {
                cluster.thaw(frozen);
            }
            assertThat(readers.failureExamples()).isEmpty();
            assertThat(shared.abortedConnections() - abortedBefore).as("reads in flight were aborted").isPositive();
            assertThat(shared.statistics().retries() - retriesBefore).as("and ran again elsewhere").isPositive();
            // Detection (poll 250 ms + probe timeout 1000 ms) plus a 200 ms read, with room for a loaded machine.
            assertThat(readers.longestMillis()).as("longest read, ms").isLessThan(5000);
        }
        awaitServing(frozen);
    }

    @Test
    void aReadOnlyTransactionWhoseReplicaFreezesGoesOnOnTheOtherReplica() throws Exception {
        readOnlyTransactionSurvives("frozen", false, replica -> cluster.freeze(replica),
                replica -> cluster.thaw(replica));
    }

    @Test
    void aReadOnlyTransactionWhoseReplicaIsKilledGoesOnOnTheOtherReplica() throws Exception {
        readOnlyTransactionSurvives("killed", false, replica -> cluster.kill(replica),
                replica -> cluster.restart(replica));
    }

    @Test
    void aStartTransactionReadOnlyWhoseReplicaIsKilledGoesOnInATransactionOnTheOtherReplica() throws Exception {
        readOnlyTransactionSurvives("killed (START TRANSACTION READ ONLY)", true, replica -> cluster.kill(replica),
                replica -> cluster.restart(replica));
    }

    /** A fault on a replica node, and its undoing. */
    @FunctionalInterface
    private interface Fault {
        void on(ClusterNode replica) throws Exception;
    }

    /**
     * The replica of a read-only transaction fails after two reads: the third read completes with no error, on the
     * other replica, after the first two were replayed there and gave the same results, inside a transaction begun
     * again there; so does the commit.
     *
     * @param explicit begun with {@code START TRANSACTION READ ONLY} rather than setReadOnly + setAutoCommit(false)
     */
    private void readOnlyTransactionSurvives(String what, boolean explicit, Fault fault, Fault undo) throws Exception {
        Cluster shared = sharedCluster();
        long replaysBefore = shared.transactionStatistics().replays();
        try (Connection connection = DriverManager.getConnection(url);
             Statement control = connection.createStatement()) {
            if (explicit) {
                control.execute("START TRANSACTION READ ONLY");
            } else {
                connection.setReadOnly(true);
                connection.setAutoCommit(false);
            }
            assertThat(query(connection, "SELECT v FROM items WHERE id = 1")).isEqualTo("one");
            assertThat(query(connection, "SELECT COUNT(*) FROM items")).isEqualTo("3");
            // Asked of the driver, not the server: @@server_id would read differently on the replica it moves to.
            String ranOn = connection.unwrap(RoutingConnection.class).lastBackend().toString();
            ClusterNode replica = cluster.replicas().stream().filter(n -> n.hostAndPort().equals(ranOn)).findFirst()
                    .orElseThrow(() -> new AssertionError("the read-only transaction did not start on a replica"));
            fault.on(replica);
            long started = System.nanoTime();
            String third;
            try {
                third = query(connection, "SELECT v FROM items WHERE id = 2");
                // The replay began the transaction again: what follows shares its snapshot.
                assertThat(query(connection, "SELECT @@in_transaction")).as("in a transaction after the move")
                        .isEqualTo("1");
                if (explicit) {
                    control.execute("COMMIT");
                } else {
                    connection.commit();
                }
            } finally {
                undo.on(replica);
            }
            long waited = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("read-only transaction on a %s replica: went on elsewhere after %d ms%n", what, waited);
            assertThat(third).isEqualTo("two");
            assertThat(shared.transactionStatistics().replays()).as("replayed once").isEqualTo(replaysBefore + 1);
            assertThat(waited).isLessThan(5000);
            awaitServing(replica);
        }
    }

    @Test
    void aReadOnlyTransactionWhoseFirstStatementFindsItsConnectionDeadStartsOverElsewhere() throws Exception {
        Cluster shared = sharedCluster();
        try (Connection connection = DriverManager.getConnection(url)) {
            // Hold a connection to each replica, then have the servers drop them: the replicas stay healthy.
            query(connection, "SELECT @@server_id");
            query(connection, "SELECT @@server_id");
            for (ClusterNode replica : cluster.replicas()) {
                killAppConnections(replica);
            }
            long retriesBefore = shared.statistics().retries();
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            assertThat(query(connection, "SELECT v FROM items WHERE id = 2")).isEqualTo("two");
            assertThat(query(connection, "SELECT v FROM items WHERE id = 3")).isEqualTo("three");
            connection.commit();
            assertThat(shared.statistics().retries()).as("the first statement ran again").isGreaterThan(retriesBefore);
        } finally {
            for (ClusterNode replica : cluster.replicas()) {
                awaitServing(replica);
            }
        }
    }

    @Test
    void aKilledReplicaCostsNoReadAndItsDeadConnectionsAreNeverLentAgain() throws Exception {
        ClusterNode killed = cluster.replica(0);
        Cluster shared = sharedCluster();
        Backend backend = shared.replica(endpoint(killed));
        try (Readers readers = new Readers("SELECT @@server_id, v FROM items WHERE id = 3")) {
            readers.awaitReadsOn(killed, 50);
            cluster.kill(killed);
            awaitState(killed, ReplicaState.DOWN, Duration.ofSeconds(10));
            Thread.sleep(1000);
            assertThat(backend.totalConnections()).as("connections to the dead replica left its pool").isZero();
            cluster.restart(killed);
            awaitServing(killed);
            long retriesBeforeReturn = shared.statistics().retries();
            readers.awaitReadsOn(killed, 50);
            readers.stop();
            System.out.printf("killed replica: %d reads, %d failed, longest %d ms; retries after its return: %d%n",
                    readers.reads(), readers.failures(), readers.longestMillis(),
                    shared.statistics().retries() - retriesBeforeReturn);
            assertThat(readers.failureExamples()).isEmpty();
            assertThat(shared.statistics().retries()).as("no dead connection lent after the restart")
                    .isEqualTo(retriesBeforeReturn);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static Cluster sharedCluster() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            return connection.unwrap(RoutingConnection.class).cluster();
        }
    }

    /** Waits for the replica to reach the state; returns when it was seen ({@link System#nanoTime()}). */
    private static long awaitState(ClusterNode replica, ReplicaState state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (sharedCluster().snapshot().status(endpoint(replica)).state() == state) {
                return System.nanoTime();
            }
            Thread.sleep(10);
        }
        throw new AssertionError(replica + " did not become " + state + " within " + timeout.toMillis() + " ms");
    }

    private static void awaitServing(ClusterNode replica) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!sharedCluster().snapshot().isServing(endpoint(replica))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(replica + " did not serve reads again within 30 s");
            }
            Thread.sleep(50);
        }
    }

    private static void killAppConnections(ClusterNode replica) throws SQLException {
        try (Connection root = cluster.connectAsRoot(replica); Statement statement = root.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT id FROM information_schema.processlist WHERE user = '"
                    + cluster.app().user() + "'")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            for (long id : ids) {
                statement.execute("KILL CONNECTION " + id);
            }
        }
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Endpoint endpoint(ClusterNode node) {
        return new Endpoint(node.host(), node.port());
    }

    /**
     * Threads reading in autocommit mode, a new logical connection per read, until stopped; the first column of
     * their query is {@code @@server_id}.
     */
    private static final class Readers implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong reads = new AtomicLong();
        private final AtomicInteger failures = new AtomicInteger();
        private final List<String> failureExamples = new ArrayList<>();
        private final LongAccumulator longest = new LongAccumulator(Math::max, 0);
        private final ConcurrentMap<Integer, AtomicLong> readsByServer = new ConcurrentHashMap<>();

        Readers(String sql) {
            for (int i = 0; i < READERS; i++) {
                Thread thread = new Thread(() -> readUntilStopped(sql), "reader-" + i);
                threads.add(thread);
                thread.start();
            }
        }

        private void readUntilStopped(String sql) {
            while (running.get()) {
                long started = System.nanoTime();
                try (Connection connection = DriverManager.getConnection(url);
                     Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery(sql)) {
                    rows.next();
                    readsByServer.computeIfAbsent(rows.getInt(1), s -> new AtomicLong()).incrementAndGet();
                    reads.incrementAndGet();
                } catch (SQLException e) {
                    failures.incrementAndGet();
                    synchronized (failureExamples) {
                        if (failureExamples.size() < 5) {
                            failureExamples.add(e.getSQLState() + " " + e);
                        }
                    }
                }
                longest.accumulate((System.nanoTime() - started) / 1_000_000);
            }
        }

        /** Waits until {@code count} more reads ran on the replica. */
        void awaitReadsOn(ClusterNode replica, long count) throws InterruptedException {
            AtomicLong seen = readsByServer.computeIfAbsent(replica.serverId(), s -> new AtomicLong());
            long target = seen.get() + count;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.get() < target) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no reads on " + replica + " within 30 s: " + readsByServer);
                }
                Thread.sleep(20);
            }
        }

        long reads() {
            return reads.get();
        }

        int failures() {
            return failures.get();
        }

        List<String> failureExamples() {
            synchronized (failureExamples) {
                return List.copyOf(failureExamples);
            }
        }

        long longestMillis() {
            return longest.get();
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }

        @Override
        public void close() {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
