package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitor's threads, deadlines and publication, against fake servers. */
class ReplicaMonitorTest {

    private static final Endpoint PRIMARY = new Endpoint("127.0.0.1", 3306);
    private static final Endpoint R1 = new Endpoint("replica1", 3306);
    private static final Endpoint R2 = new Endpoint("replica2", 3306);

    private final Map<Endpoint, FakeServer> servers = new ConcurrentHashMap<>(Map.of(
            PRIMARY, primary(), R1, new FakeServer(), R2, new FakeServer()));
    private final List<ReplicaStatus> changes = new CopyOnWriteArrayList<>();
    private ReplicaMonitor monitor;

    private static FakeServer primary() {
        return FakeServer.primary(1);
    }

    private ReplicaMonitor start(MonitorSettings.Builder settings) {
        monitor = ReplicaMonitor.start(settings.clusterName("unit").lagSummaryInterval(Duration.ZERO).build(),
                List.of(PRIMARY, R1, R2), (endpoint, timeout) -> servers.get(endpoint).connect());
        monitor.addListener((previous, current, snapshot) -> changes.add(current));
        return monitor;
    }

    private static MonitorSettings.Builder fast() {
        return MonitorSettings.builder().pollInterval(Duration.ofMillis(100)).probeTimeout(Duration.ofMillis(200))
                .maxLag(Duration.ofMillis(300)).restoreDwell(Duration.ofMillis(300));
    }

    @AfterEach
    void closeMonitor() {
        if (monitor != null) {
            monitor.close();
        }
        servers.values().forEach(FakeServer::thaw);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private ReplicaStatus status(Endpoint replica) {
        return monitor.snapshot().status(replica);
    }

    @Test
    void theFirstSnapshotAlreadyTellsWhichReplicasServe() {
        start(fast());
        ReplicaSnapshot snapshot = monitor.snapshot();
        assertThat(snapshot.serving()).containsExactly(R1, R2);
        assertThat(snapshot.primaryPosition()).hasToString("0-1-7");
        ReplicaStatus status = snapshot.status(R1);
        assertThat(status.state()).isEqualTo(ReplicaState.HEALTHY);
        assertThat(status.lagMillis()).isZero();
        assertThat(status.transactionsBehind()).isZero();
        assertThat(status.position()).hasToString("0-1-7");
        assertThat(status.reason()).isEqualTo("lag=0ms (0 trx behind)");
        assertThat(status.probeMicros()).isPositive();
        assertThat(status.lastError()).isNull();
    }

    @Test
    void aReplicaThatStopsApplyingTurnsLaggingAsThePrimaryMovesOn() throws Exception {
        start(fast());
        FakeServer primary = servers.get(PRIMARY);
        Thread writer = new Thread(() -> {
            for (int seq = 8; !Thread.currentThread().isInterrupted(); seq++) {
                primary.gtidBinlogPos = "0-1-" + seq;
                servers.get(R2).set("Gtid_Slave_Pos", "0-1-" + seq);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long stoppedApplying = System.nanoTime();
        writer.start();
        try {
            await("replica1 lags", Duration.ofSeconds(3), () -> status(R1).state() == ReplicaState.LAGGING);
            long noticedMillis = (System.nanoTime() - stoppedApplying) / 1_000_000;
            assertThat(noticedMillis).isBetween(300L, 300L + 100 + 400);
            assertThat(status(R1).reason()).matches("lag=\\d+ms > maxLag=300ms \\(\\d+ trx behind\\)");
            assertThat(monitor.snapshot().serving()).containsExactly(R2);
            assertThat(status(R2).state()).isEqualTo(ReplicaState.HEALTHY);
        } finally {
            writer.interrupt();
            writer.join();
        }
    }

    @Test
    void aFrozenReplicaIsDownWithinPollPlusTimeoutWhileTheOtherKeepsBeingPolled() throws Exception {
        start(fast());
        servers.get(R1).freeze();
        long frozenAt = System.nanoTime();
        await("replica1 is down", Duration.ofSeconds(2), () -> status(R1).state() == ReplicaState.DOWN);
        long downAfterMillis = (System.nanoTime() - frozenAt) / 1_000_000;
        assertThat(downAfterMillis).isLessThanOrEqualTo(100 + 200 + 400);
        assertThat(status(R1).reason()).isEqualTo("probe timed out after 200ms");
        assertThat(monitor.snapshot().serving()).containsExactly(R2);
        await("the frozen connection is aborted", Duration.ofSeconds(1), () -> servers.get(R1).aborted.get() > 0);

        Instant seen = status(R2).observedAt();
        Thread.sleep(350);
        assertThat(status(R2).observedAt()).isAfterOrEqualTo(seen.plusMillis(200));
        assertThat(status(R2).state()).isEqualTo(ReplicaState.HEALTHY);

        servers.get(R1).thaw();
        await("replica1 serves again", Duration.ofSeconds(2), () -> monitor.snapshot().isServing(R1));
        assertThat(servers.get(R1).opened.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anUnreachableReplicaIsDownWithTheError() throws Exception {
        servers.get(R2).unreachable = true;
        start(fast());
        assertThat(status(R2).state()).isEqualTo(ReplicaState.DOWN);
        assertThat(status(R2).reason()).isEqualTo("unreachable: Could not create connection to database server: "
                + "Connection refused");
        assertThat(status(R2).lastError()).contains("Connection refused");
        assertThat(monitor.snapshot().serving()).containsExactly(R1);
        servers.get(R2).unreachable = false;
        await("replica2 healthy", Duration.ofSeconds(2), () -> status(R2).state() == ReplicaState.HEALTHY);
        assertThat(status(R2).serving()).isFalse();
        await("replica2 serves after the dwell", Duration.ofSeconds(2), () -> status(R2).serving());
    }

    @Test
    void aReportedFailureTakesTheReplicaOutAtOnceAndItReturnsAfterTheDwell() throws Exception {
        start(fast());
        monitor.reportFailure(R1, new SQLException("Communications link failure"));
        ReplicaStatus down = status(R1);
        assertThat(down.state()).isEqualTo(ReplicaState.DOWN);
        assertThat(down.serving()).isFalse();
        assertThat(down.reason()).isEqualTo("connection failure reported by the driver: Communications link failure");
        assertThat(monitor.snapshot().serving()).containsExactly(R2);
        assertThat(changes).anyMatch(change -> change.endpoint().equals(R1) && change.state() == ReplicaState.DOWN);
        long reported = System.nanoTime();
        await("replica1 serves again", Duration.ofSeconds(2), () -> monitor.snapshot().isServing(R1));
        assertThat((System.nanoTime() - reported) / 1_000_000).isGreaterThanOrEqualTo(300);
        monitor.reportFailure(new Endpoint("unknown", 1), new SQLException("ignored"));
    }

    @Test
    void aReplicationErrorIsBrokenAndAStoppedThreadStopped() throws Exception {
        start(fast());
        servers.get(R1).set("Slave_SQL_Running", "No");
        servers.get(R1).set("Last_SQL_Errno", "1062");
        servers.get(R1).set("Last_SQL_Error", "Duplicate entry '5' for key 'PRIMARY'");
        servers.get(R2).set("Slave_IO_Running", "No");
        await("replica1 broken", Duration.ofSeconds(1), () -> status(R1).state() == ReplicaState.BROKEN);
        await("replica2 stopped", Duration.ofSeconds(1), () -> status(R2).state() == ReplicaState.STOPPED);
        assertThat(status(R1).reason()).isEqualTo("SQL thread stopped on error 1062: Duplicate entry '5' for key "
                + "'PRIMARY'");
        assertThat(status(R1).lastError()).isEqualTo("error 1062: Duplicate entry '5' for key 'PRIMARY'");
        assertThat(monitor.snapshot().serving()).isEmpty();
    }

    @Test
    void listenersHearEachChangeOnceAndTheirFailuresDoNotStopTheMonitor() throws Exception {
        start(fast());
        monitor.addListener((previous, current, snapshot) -> {
            throw new IllegalStateException("listener bug");
        });
        try (LogCapture log = LogCapture.of(ReplicaMonitor.class)) {
            listenersHearEachChangeOnce();
            assertThat(log.lines()).anyMatch(line -> line.startsWith("ERROR unit - replica state listener ")
                    && line.endsWith("failed: java.lang.IllegalStateException: listener bug"));
        }
    }

    private void listenersHearEachChangeOnce() throws Exception {
        servers.get(R1).set("Slave_SQL_Running", "No");
        await("replica1 stopped", Duration.ofSeconds(1), () -> status(R1).state() == ReplicaState.STOPPED);
        Thread.sleep(300);
        assertThat(changes).filteredOn(change -> change.endpoint().equals(R1)).hasSize(1);
        servers.get(R1).set("Slave_SQL_Running", "Yes");
        // Listeners are told just after the snapshot is published, so wait for what they heard.
        await("listeners hear replica1 serve", Duration.ofSeconds(2),
                () -> changes.stream().anyMatch(change -> change.endpoint().equals(R1) && change.serving()));
        assertThat(changes).filteredOn(change -> change.endpoint().equals(R1))
                .extracting(ReplicaStatus::state, ReplicaStatus::serving)
                .containsExactly(tuple(ReplicaState.STOPPED, false), tuple(ReplicaState.HEALTHY, false),
                        tuple(ReplicaState.HEALTHY, true));
    }

    @Test
    void primaryListenersHearOnceWhenThePrimaryStopsAndStartsAnswering() throws Exception {
        start(fast());
        List<String> heard = new CopyOnWriteArrayList<>();
        monitor.addPrimaryListener((reachable, reason) -> heard.add(reachable + " " + reason));
        monitor.addPrimaryListener((reachable, reason) -> {
            throw new IllegalStateException("listener bug");
        });
        servers.get(PRIMARY).freeze();
        await("the primary is unreachable", Duration.ofSeconds(2), () -> !heard.isEmpty());
        Thread.sleep(400);
        assertThat(heard).containsExactly("false probe timed out after 200ms");
        servers.get(PRIMARY).thaw();
        await("the primary answers again", Duration.ofSeconds(2), () -> heard.size() == 2);
        Thread.sleep(300);
        assertThat(heard).containsExactly("false probe timed out after 200ms", "true null");
    }

    @Test
    void closeStopsEveryThreadAndClosesTheConnectionsEvenWithAProbeStuck() throws Exception {
        start(fast());
        servers.get(R1).freeze();
        Thread.sleep(150);
        long started = System.nanoTime();
        monitor.close();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1500);
        assertThat(monitorThreadsAfterClose()).isEmpty();
        for (FakeServer server : servers.values()) {
            assertThat(server.closed.get() + server.aborted.get()).isEqualTo(server.opened.get());
        }
        monitor.close();
    }

    @Test
    void aHeartbeatThatCannotBeWrittenIsReportedOnceAndLagComesFromPositions() throws Exception {
        try (LogCapture log = LogCapture.of(ReplicaMonitor.class)) {
            start(fast().heartbeatTable("rwsplit.heartbeat"));
            Thread.sleep(500);
            assertThat(log.lines()).filteredOn(line -> line.contains("heartbeat")).containsExactly(
                    "INFO unit - monitoring 127.0.0.1:3306, replica1:3306, replica2:3306 every 100ms: "
                            + "maxLag=300ms, restoreLag=150ms, restoreDwell=300ms, probeTimeout=200ms, "
                            + "maxTransactionsBehind=no limit, heartbeat=rwsplit.heartbeat, discoverReplicas=false",
                    "WARN unit - cannot write the heartbeat to rwsplit.heartbeat on primary 127.0.0.1:3306: REPLACE "
                            + "command denied to user 'monitor'@'localhost' for table `rwsplit`.`heartbeat`; lag is "
                            + "measured from positions");
        }
        assertThat(monitor.snapshot().serving()).containsExactly(R1, R2);
        assertThat(status(R1).reason()).isEqualTo("lag=0ms (0 trx behind)");
    }

    @Test
    void runsWithoutReplicas() {
        monitor = ReplicaMonitor.start(MonitorSettings.defaults(), List.of(PRIMARY),
                (endpoint, timeout) -> servers.get(endpoint).connect());
        assertThat(monitor.snapshot().primary()).isEqualTo(PRIMARY);
        assertThat(monitor.snapshot().serving()).isEmpty();
        monitor.close();
        assertThat(monitorThreadsAfterClose()).isEmpty();
    }

    @Test
    void rejectsDuplicateSeedsAndNoSeed() {
        ProbeConnector connector = (endpoint, timeout) -> servers.get(endpoint).connect();
        assertThatThrownBy(() -> ReplicaMonitor.start(MonitorSettings.defaults(), List.of(PRIMARY, R1, R1),
                connector)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> ReplicaMonitor.start(MonitorSettings.defaults(), List.of(), connector))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no server to monitor");
    }

    /**
     * The monitor's threads still alive once it is closed, given a moment: an executor counts as terminated just
     * before its last thread has quite exited.
     */
    private static List<String> monitorThreadsAfterClose() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<String> alive = monitorThreads();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            alive = monitorThreads();
        }
        return alive;
    }

    private static List<String> monitorThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("rwsplit-monitor-")).toList();
    }
}
