package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.cluster.Backend;
import io.rwsplit.cluster.Cluster;
import io.rwsplit.jdbc.RoutingConnection;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Eight clients run a mixed workload through the driver while a scheduler kills, freezes, thaws and restarts the
 * replicas, restarts the primary once, switches the primary over to a replica, and fails it over to another (the
 * killed primary rejoins as a replica). Replication is semi-synchronous, so a failover loses no acknowledged write.
 * Then: every acknowledged write is on the primary exactly once, no read was
 * staler than the bound, no autocommit read failed while a backend could serve it, no operation waited longer than
 * the bound, and nothing leaked. Runs {@code -Drwsplit.chaos.seconds} (default 50) seconds.
 */
class ChaosIT {

    private static final String NAME = "chaos-it";
    private static final int CLIENTS = 8;
    private static final long POLL_MILLIS = 250;
    private static final long PROBE_TIMEOUT_MILLIS = 1000;
    private static final long MAX_LAG_MILLIS = 1000;
    /** Lag allowed, plus up to two polls to measure it and a probe to time out. */
    private static final long STALENESS_BOUND_MILLIS = MAX_LAG_MILLIS + 2 * POLL_MILLIS + PROBE_TIMEOUT_MILLIS;
    /** The longest any single step may wait by design: the pool's connection timeout. */
    private static final long WAIT_BOUND_MILLIS = 5000;
    /** After the primary answers again, the pools' reconnect back-off may still hold writes back this long. */
    private static final long PRIMARY_RECOVERY_MILLIS = 6000;

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name(NAME).replicas(2).semiSync(true).start();
        cluster.setUp(ChaosLedger.TABLE);
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void losesNothingAndNeverStallsUnderBackendFaults() throws Exception {
        long seconds = Long.getLong("rwsplit.chaos.seconds", 50);
        String url = ClusterUrls.withCredentials(cluster, NAME, "&rwsplit.pollInterval=" + POLL_MILLIS
                + "&rwsplit.probeTimeout=" + PROBE_TIMEOUT_MILLIS + "&rwsplit.maxReplicaLag=" + MAX_LAG_MILLIS
                + "&rwsplit.restoreDwell=1000&rwsplit.optimisticTransactions=true");
        List<String> threadsBefore = rwsplitThreads();
        ChaosLedger ledger = new ChaosLedger();
        long origin = System.nanoTime();
        ChaosTally tally = new ChaosTally(origin);
        PrimaryWindows primaryOut = new PrimaryWindows(Duration.ofMillis(PRIMARY_RECOVERY_MILLIS));
        Queue<Throwable> crashes = new ConcurrentLinkedQueue<>();
        Cluster shared;
        long endNanos = origin + Duration.ofSeconds(seconds).toNanos();
        try (RwSplitDataSource dataSource = new RwSplitDataSource(url)) {
            try (Connection connection = dataSource.getConnection()) {
                shared = connection.unwrap(RoutingConnection.class).cluster();
            }
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                ChaosWorkload workload = new ChaosWorkload(i, dataSource, i % 2 == 1, ledger, tally,
                        Duration.ofMillis(STALENESS_BOUND_MILLIS).toNanos(),
                        primaryOut::contains, endNanos);
                Thread thread = new Thread(() -> {
                    try {
                        workload.run();
                    } catch (Throwable e) {
                        crashes.add(e);
                    }
                }, "chaos-client-" + i);
                clients.add(thread);
                thread.start();
            }
            List<String> faults = new ChaosSchedule(cluster, origin, endNanos, primaryOut).run();
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(60).toMillis());
                assertThat(client.isAlive()).as(client.getName() + " still running").isFalse();
            }
            System.out.println("chaos: " + seconds + " s, " + CLIENTS + " clients; faults: " + faults);
            System.out.println("chaos: " + tally.summary());
            System.out.println("chaos: " + ledger.acknowledgedCount() + " writes acknowledged, "
                    + ledger.uncertainCount() + " left uncertain; " + shared.statistics().retries()
                    + " reads retried; " + shared.abortedConnections() + " connections aborted on DOWN replicas");
            System.out.println("chaos: transactions moved by replaying their journal: "
                    + shared.transactionStatistics().counts());
            System.out.println("chaos: primary changes followed: " + shared.topologyCounts());
            assertThat(crashes).as("client threads crashed").isEmpty();
            for (Backend backend : allBackends(shared)) {
                assertThat(backend.activeConnections()).as("connections in use of " + backend).isZero();
            }
        }
        List<String> problems;
        try (Connection primary = cluster.connect(cluster.primary())) {
            problems = ledger.differences(primary);
        }
        System.out.println("chaos: ledger compared row by row with the primary: " + problems.size() + " problem(s)");
        assertThat(problems).isEmpty();
        assertThat(ledger.acknowledgedCount()).as("writes acknowledged").isPositive();
        assertThat(tally.staleReads()).as("reads staler than " + STALENESS_BOUND_MILLIS + " ms").isZero();
        assertThat(tally.ownWritesMissed()).as("reads that missed the connection's own write").isZero();
        assertThat(tally.autocommitReadFailuresOutsidePrimaryOutage()).as("autocommit reads failed").isZero();
        assertThat(tally.readOnlyTransactionFailuresOutsidePrimaryOutage()).as("read-only transactions failed")
                .isZero();
        assertThat(shared.transactionStatistics().promotions()).as("optimistic transactions moved to the primary")
                .isPositive();
        assertThat(shared.primaryChanges()).as("primary changes followed").isGreaterThanOrEqualTo(2);
        assertThat(tally.maxMillis()).as("longest operation, ms").isLessThan(WAIT_BOUND_MILLIS);
        RwSplitDriver.shutdown();
        assertThat(shared.isClosed()).isTrue();
        assertThat(awaitThreadsGone(threadsBefore)).as("rwsplit threads left after close").isEmpty();
    }

    private static List<Backend> allBackends(Cluster cluster) {
        List<Backend> backends = new ArrayList<>(cluster.replicas());
        if (cluster.primary() != null) {
            backends.add(cluster.primary());
        }
        return backends;
    }

    /** Threads of the driver, its monitor and its pools (named after the cluster). */
    private static List<String> rwsplitThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("rwsplit") || name.startsWith(NAME + " ")).sorted().toList();
    }

    private static List<String> awaitThreadsGone(List<String> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<String> left;
        do {
            left = new ArrayList<>(rwsplitThreads());
            left.removeAll(before);
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return left;
    }

    /**
     * Faults one at a time, round the replicas; a third of the way in the primary restarts, half-way it is switched
     * over to a replica, two thirds of the way it fails over to another (and the killed one rejoins as a replica).
     */
    private static final class ChaosSchedule {

        private final ReplicationCluster cluster;
        private final long originNanos;
        private final long endNanos;
        private final PrimaryWindows primaryOut;
        private final List<String> done = new ArrayList<>();

        ChaosSchedule(ReplicationCluster cluster, long originNanos, long endNanos, PrimaryWindows primaryOut) {
            this.cluster = cluster;
            this.originNanos = originNanos;
            this.endNanos = endNanos;
            this.primaryOut = primaryOut;
        }

        /** Runs faults until the end; returns what it did. Every server is up and running when it returns. */
        List<String> run() throws InterruptedException {
            Thread.sleep(3000);
            long span = endNanos - originNanos;
            long[] primaryEventsAt = {originNanos + span / 3, originNanos + span / 2, originNanos + span * 2 / 3};
            int primaryEvents = 0;
            long lastFaultBy = endNanos - Duration.ofSeconds(8).toNanos();
            for (int round = 0; System.nanoTime() < lastFaultBy || primaryEvents < primaryEventsAt.length; round++) {
                if (primaryEvents < primaryEventsAt.length && (System.nanoTime() >= primaryEventsAt[primaryEvents]
                        || System.nanoTime() >= lastFaultBy)) {
                    primaryEvent(primaryEvents++);
                    pause(5000);
                    continue;
                }
                ClusterNode replica = cluster.replica(round % 2);
                long began = System.nanoTime();
                switch (round % 3) {
                    case 0 -> {
                        cluster.kill(replica);
                        pause(2500);
                        cluster.restart(replica);
                        note("killed and restarted " + replica.name(), began);
                    }
                    case 1 -> {
                        cluster.freeze(replica);
                        pause(2500);
                        cluster.thaw(replica);
                        note("froze and thawed " + replica.name(), began);
                    }
                    default -> {
                        cluster.restart(replica);
                        note("restarted " + replica.name(), began);
                    }
                }
                pause(3000);
            }
            return done;
        }

        private void primaryEvent(int which) {
            long[] window = primaryOut.open();
            ClusterNode primary = cluster.primary();
            switch (which) {
                case 0 -> {
                    cluster.restart(primary);
                    primaryOut.close(window, System.nanoTime());
                    note("restarted the primary " + primary.name(), window[0]);
                }
                case 1 -> {
                    ClusterNode next = cluster.replica(0);
                    primaryOut.close(window, TopologyLoad.nanosAt(cluster.switchover(next)));
                    note("switched the primary over from " + primary.name() + " to " + next.name(), window[0]);
                }
                default -> {
                    ReplicationCluster.Promotion promotion = cluster.failover();
                    primaryOut.close(window, TopologyLoad.nanosAt(promotion.writableAt()));
                    note("killed the primary " + primary.name() + ", failed over to " + promotion.promoted().name(),
                            window[0]);
                    cluster.rejoin(primary);
                    note(primary.name() + " rejoined as a replica", window[0]);
                }
            }
        }

        /** Records a fault that has just ended, with when it began relative to the start. */
        private void note(String fault, long beganNanos) {
            String line = String.format("%.1f-%.1f s %s", (beganNanos - originNanos) / 1e9,
                    (System.nanoTime() - originNanos) / 1e9, fault);
            done.add(line);
            System.out.println("chaos: " + line);
        }

        private static void pause(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    }
}
