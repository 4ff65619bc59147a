package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.consistency.ConsistencyStatistics;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every read sees its own connection's acknowledged writes (gtid, gtid-wait and primary-window), written in
 * autocommit, in transactions ended every which way, or in batches, with one replica applying everything a second
 * late; without read-your-writes the same reads miss.
 */
class ReadYourWritesIT {

    private static final int THREADS = 4;
    private static final int WRITES_PER_THREAD = 250;
    /** When each row is read a second time: a prompt replica has applied it by then. */
    private static final int LATER_READ_MILLIS = 5;
    /** Both replicas keep serving reads however far behind they fall: consistency is up to read-your-writes. */
    private static final String TOLERANT = "&rwsplit.maxReplicaLag=60000&rwsplit.restoreDwell=100"
            + "&connectTimeout=1000&socketTimeout=10000";
    private static final AtomicLong IDS = new AtomicLong();

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("ryw-it").replicas(2).start();
        cluster.setUp(Notes.CREATE);
        cluster.setDelay(cluster.replica(1), 1);
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void readsSeeTheirOwnWritesInEveryModeButOff() throws Exception {
        Tally off = run("off", "");
        Tally window = run("primary-window", "");
        Tally gtid = run("gtid", "");
        Tally gtidWait = run("gtid-wait", "");
        ConsistencyStatistics gtidCounted = counters("gtid");
        ConsistencyStatistics waitCounted = counters("gtid-wait");
        System.out.printf(Locale.ROOT, "read-your-writes, %d writes, each read back at once and again %d ms later, "
                + "%d threads, replica %s delayed 1 s:%n  off:            %s%n  primary-window: %s%n"
                + "  gtid:           %s%n  gtid-wait:      %s%n  gtid counters:      %s%n  gtid-wait counters: %s%n",
                THREADS * WRITES_PER_THREAD, LATER_READ_MILLIS, THREADS, cluster.replica(1).hostAndPort(), off,
                window, gtid, gtidWait, gtidCounted, waitCounted);

        assertThat(off.misses).as("reads that missed their own write without read-your-writes").isPositive();
        assertThat(window.misses).as("misses in primary-window mode").isZero();
        assertThat(gtid.misses).as("misses in gtid mode").isZero();
        assertThat(gtidWait.misses).as("misses in gtid-wait mode").isZero();
        assertThat(gtidWait.onReplica).as("gtid-wait mode reads from replicas").isPositive();
        assertThat(waitCounted.waits()).isPositive();
        assertThat(waitCounted.waitsReached()).isPositive();
        assertThat(gtidCounted.waits()).as("gtid mode never waits on the read path").isZero();
        assertThat(gtidCounted.primaryReads()).as("gtid mode reads from the primary until a replica has the write")
                .isPositive();
        assertThat(gtidCounted.catchUpWaits()).as("the catch-up watcher learned when replicas had the writes")
                .isPositive();
        assertThat(gtid.laterOnReplica).as("reads a while after the write reach a replica that has it")
                .isPositive();
    }

    @Test
    void aReadOnlyTransactionRightAfterAWriteWaitsForItOnAReplicaInGtidMode() throws Exception {
        String primary = cluster.primary().hostAndPort();
        try (Connection connection = DriverManager.getConnection(url("ryw-read-only-transaction", "gtid", ""))) {
            TopologyChecks.awaitServing(connection, cluster.replicas().size());
            long waitsBefore = RwSplit.status(connection).readYourWrites().waits();
            int onReplica = 0;
            for (int i = 0; i < 20; i++) {
                long id = IDS.incrementAndGet();
                Notes.insert(connection, id, "autocommit");
                connection.setReadOnly(true);
                connection.setAutoCommit(false);
                boolean found = Notes.read(connection, id);
                String ranOn = Notes.lastBackend(connection);
                connection.commit();
                connection.setAutoCommit(true);
                connection.setReadOnly(false);
                assertThat(found).as("the read-only transaction sees the write before it").isTrue();
                if (!ranOn.equals(primary)) {
                    onReplica++;
                }
            }
            long waits = RwSplit.status(connection).readYourWrites().waits() - waitsBefore;
            System.out.printf(Locale.ROOT, "read-only transactions right after a write, gtid mode: %d of 20 on a "
                    + "replica, %d waits%n", onReplica, waits);
            // On the primary, a switchover would end such a transaction; on a replica, it would not.
            assertThat(onReplica).as("read-only transactions started on a replica").isGreaterThanOrEqualTo(15);
            assertThat(waits).isPositive();
        }
    }

    private static ConsistencyStatistics counters(String mode) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(mode, ""))) {
            return RwSplit.status(connection).readYourWrites();
        }
    }

    @Test
    void aReplicaFrozenWhileWaitedOnGivesTheReadToThePrimaryAfterTheTimeout() throws Exception {
        ClusterNode prompt = cluster.replica(0);
        String frozenUrl = url("ryw-frozen", "gtid-wait", "&rwsplit.causalReadTimeout=1500");
        List<ClusterNode> frozen = cluster.replicas();
        cluster.setDelay(prompt, 2);
        try (Connection connection = DriverManager.getConnection(frozenUrl)) {
            TopologyChecks.awaitServing(connection, cluster.replicas().size());
            long id = IDS.incrementAndGet();
            Notes.insert(connection, id, "autocommit");
            Thread freezer = new Thread(() -> {
                sleep(300);
                frozen.forEach(cluster::freeze);
            });
            freezer.start();
            long start = System.nanoTime();
            boolean found = Notes.read(connection, id);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            freezer.join();
            System.out.printf(Locale.ROOT, "read with both replicas frozen 300 ms into a 1500 ms wait: answered by "
                    + "%s after %d ms%n", Notes.lastBackend(connection), elapsedMillis);
            assertThat(found).isTrue();
            assertThat(Notes.lastBackend(connection)).isEqualTo(cluster.primary().hostAndPort());
            // The wait's socket gives up 500 ms after the timeout; the rest is room for a busy machine.
            assertThat(elapsedMillis).isBetween(300L, 1500L + 500 + 2500);
        } finally {
            frozen.forEach(cluster::thaw);
            cluster.setDelay(prompt, 0);
        }
    }

    @Test
    void inTheClusterScopeAnotherConnectionSeesAWriteAcknowledgedBeforeItsRead() throws Exception {
        int clusterScopeMisses = writeOnOneReadOnAnother(url("ryw-cluster-scope", "gtid",
                "&rwsplit.readYourWritesScope=cluster"));
        int connectionScopeMisses = writeOnOneReadOnAnother(url("ryw-connection-scope", "gtid", ""));
        System.out.printf(Locale.ROOT, "write on A, then read on B, 300 times: %d misses in the cluster scope, "
                + "%d in the connection scope%n", clusterScopeMisses, connectionScopeMisses);
        assertThat(clusterScopeMisses).isZero();
        assertThat(connectionScopeMisses).as("the connection scope does not cover other connections' writes")
                .isPositive();
    }

    private static int writeOnOneReadOnAnother(String url) throws Exception {
        int misses = 0;
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            TopologyChecks.awaitServing(a, cluster.replicas().size());
            for (int i = 0; i < 300; i++) {
                long id = IDS.incrementAndGet();
                Notes.insert(a, id, "autocommit");
                if (!Notes.read(b, id)) {
                    misses++;
                }
            }
        }
        return misses;
    }

    // ---- the workload ----------------------------------------------------------------------------------------

    /** What the reads of one mode saw. */
    private static final class Tally {
        long reads;
        long misses;
        long onReplica;
        long readNanos;
        long laterOnReplica;

        void add(Tally other) {
            reads += other.reads;
            misses += other.misses;
            onReplica += other.onReplica;
            readNanos += other.readNanos;
            laterOnReplica += other.laterOnReplica;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%4d misses, %5.1f%% of reads at once and %5.1f%% of later reads on "
                    + "replicas, mean read at once %.2f ms", misses, 100.0 * onReplica / reads,
                    100.0 * laterOnReplica / reads, readNanos / 1e6 / reads);
        }
    }

    /** THREADS threads each write a row (five ways in turn) and read it back on the same connection. */
    private static Tally run(String mode, String extra) throws Exception {
        String url = url(mode, extra);
        try (Connection connection = DriverManager.getConnection(url)) {
            TopologyChecks.awaitServing(connection, cluster.replicas().size());
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Tally>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(threads.submit(() -> writeAndReadBack(url)));
            }
            Tally total = new Tally();
            for (Future<Tally> result : results) {
                total.add(result.get());
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    private static Tally writeAndReadBack(String url) throws SQLException {
        Tally tally = new Tally();
        for (int i = 0; i < WRITES_PER_THREAD; i++) {
            // A logical connection per round: the pools hand out physical connections used before.
            try (Connection connection = DriverManager.getConnection(url)) {
                long id = write(connection, i % 5);
                long start = System.nanoTime();
                boolean found = Notes.read(connection, id);
                tally.readNanos += System.nanoTime() - start;
                tally.reads++;
                if (!found) {
                    tally.misses++;
                }
                if (!Notes.lastBackend(connection).equals(cluster.primary().hostAndPort())) {
                    tally.onReplica++;
                }
                sleep(LATER_READ_MILLIS);
                if (!Notes.read(connection, id)) {
                    tally.misses++;
                }
                if (!Notes.lastBackend(connection).equals(cluster.primary().hostAndPort())) {
                    tally.laterOnReplica++;
                }
            }
        }
        return tally;
    }

    /** Writes one row (a batch: two) and returns the id of the last. */
    private static long write(Connection connection, int how) throws SQLException {
        long id = IDS.incrementAndGet();
        switch (how) {
            case 0 -> Notes.insert(connection, id, "autocommit");
            case 1 -> {
                connection.setAutoCommit(false);
                Notes.insert(connection, id, "autocommit");
                connection.commit();
                connection.setAutoCommit(true);
            }
            case 2 -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("BEGIN");
                    statement.executeUpdate("INSERT INTO notes VALUES (" + id + ", 'begin/commit')");
                    statement.execute("COMMIT");
                }
            }
            case 3 -> {
                long first = id;
                id = IDS.incrementAndGet();
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notes VALUES (?, ?)")) {
                    for (long row : new long[] {first, id}) {
                        insert.setLong(1, row);
                        insert.setString(2, "batch");
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            default -> {
                // Switching autocommit back on commits the transaction.
                connection.setAutoCommit(false);
                Notes.insert(connection, id, "autocommit");
                connection.setAutoCommit(true);
            }
        }
        return id;
    }




    private static String url(String mode, String extra) {
        return url("ryw-" + mode, mode, extra);
    }

    private static String url(String clusterName, String mode, String extra) {
        return ClusterUrls.withCredentials(cluster, clusterName, TOLERANT + "&rwsplit.readYourWrites=" + mode
                + extra);
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
