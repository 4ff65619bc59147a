package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitor following the primary and discovering servers, against fake servers. */
class TopologyMonitorTest {

    private static final Endpoint A = new Endpoint("db-a.example.internal", 3306);
    private static final Endpoint B = new Endpoint("db-b.example.internal", 3306);
    private static final Endpoint C = new Endpoint("db-c.example.internal", 3306);

    private final Map<Endpoint, FakeServer> servers = new ConcurrentHashMap<>();
    private final List<String> topologyChanges = new CopyOnWriteArrayList<>();
    private final List<Endpoint> primaryWhenTold = new CopyOnWriteArrayList<>();
    private ReplicaMonitor monitor;

    private void cluster() {
        servers.put(A, FakeServer.primary(1));
        servers.put(B, FakeServer.replicaOf(1, A));
        servers.put(C, FakeServer.replicaOf(1, A));
        servers.get(B).serverId = 2;
        servers.get(C).serverId = 3;
    }

    private ReplicaMonitor start(MonitorSettings.Builder settings, Endpoint... seeds) {
        monitor = ReplicaMonitor.start(settings.clusterName("topo").lagSummaryInterval(Duration.ZERO).build(),
                List.of(seeds), (endpoint, timeout) -> {
                    FakeServer server = servers.get(endpoint);
                    if (server == null) {
                        throw new java.sql.SQLNonTransientConnectionException("unknown host " + endpoint, "08001");
                    }
                    return server.connect();
                });
        monitor.addTopologyListener((previous, current, reason) -> {
            topologyChanges.add(previous + " -> " + current);
            primaryWhenTold.add(monitor.snapshot().primary());
        });
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

    private List<Endpoint> replicas() {
        return monitor.snapshot().replicas().stream().map(ReplicaStatus::endpoint).toList();
    }

    @Test
    void seedsInAnyOrderFindThePrimaryInTheFirstSnapshot() {
        cluster();
        start(fast(), C, B, A);
        ReplicaSnapshot snapshot = monitor.snapshot();
        assertThat(snapshot.primary()).isEqualTo(A);
        assertThat(snapshot.primaryProblem()).isNull();
        assertThat(replicas()).containsExactly(C, B);
        assertThat(snapshot.serving()).containsExactly(C, B);
        assertThat(snapshot.primaryPosition()).hasToString("0-1-7");
    }

    @Test
    void aSwitchoverGoesThroughNoPrimaryWithReadsServingAndTellsEachChangeOnce() throws Exception {
        cluster();
        start(fast(), A, B, C);
        try (LogCapture log = LogCapture.of(ReplicaMonitor.class)) {
            servers.get(A).readOnly = true;
            await("no primary", Duration.ofSeconds(2), () -> monitor.snapshot().primary() == null);
            ReplicaSnapshot window = monitor.snapshot();
            assertThat(window.primaryProblem()).startsWith("no writable server: db-a.example.internal:3306 read-only");
            assertThat(replicas()).containsExactly(A, B, C);
            Thread.sleep(250);
            assertThat(monitor.snapshot().serving()).containsExactly(B, C);

            servers.get(B).promote();
            long promoted = System.nanoTime();
            servers.get(C).replicateFrom(2, B);
            servers.get(A).replicateFrom(2, B);
            await("b is the primary", Duration.ofSeconds(2), () -> B.equals(monitor.snapshot().primary()));
            long foundMillis = (System.nanoTime() - promoted) / 1_000_000;
            assertThat(foundMillis).isLessThan(1000);
            assertThat(replicas()).containsExactly(A, C);
            await("a serves as a replica of b", Duration.ofSeconds(2), () -> monitor.snapshot().isServing(A));
            Thread.sleep(200);
            await("listeners told", Duration.ofSeconds(2), () -> topologyChanges.size() >= 2);
            assertThat(topologyChanges).containsExactly("db-a.example.internal:3306 -> null",
                    "null -> db-b.example.internal:3306");
            assertThat(primaryWhenTold).containsExactly(null, B);
            assertThat(monitor.snapshot().serving()).containsExactly(A, C);
            assertThat(log.lines()).contains("WARN topo - no primary (was db-a.example.internal:3306): no writable "
                            + "server: db-a.example.internal:3306 read-only, db-b.example.internal:3306 read-only, "
                            + "replicating from db-a.example.internal:3306, db-c.example.internal:3306 read-only, "
                            + "replicating from db-a.example.internal:3306",
                    "INFO topo - primary is now db-b.example.internal:3306 (was none): db-b.example.internal:3306 "
                            + "writable and not replicating");
        }
    }

    @Test
    void twoWritableServersAreASplitBrainUntilOneIsReadOnlyAgain() throws Exception {
        cluster();
        start(fast(), A, B, C);
        servers.get(B).promote();
        await("split brain", Duration.ofSeconds(2), () -> monitor.snapshot().primary() == null);
        assertThat(monitor.snapshot().primaryProblem()).isEqualTo("2 writable servers: db-a.example.internal:3306, "
                + "db-b.example.internal:3306; writes are refused until one is left");
        await("b broken", Duration.ofSeconds(1), () -> monitor.snapshot().status(B).state() == ReplicaState.BROKEN);
        assertThat(monitor.snapshot().status(B).reason()).isEqualTo("writable and not replicating: a second primary");
        assertThat(monitor.snapshot().serving()).containsExactly(C);

        servers.get(B).readOnly = true;
        servers.get(B).replicateFrom(1, A);
        await("a again", Duration.ofSeconds(2), () -> A.equals(monitor.snapshot().primary()));
        await("b serves again", Duration.ofSeconds(2), () -> monitor.snapshot().isServing(B));
        await("listeners told", Duration.ofSeconds(2), () -> topologyChanges.size() >= 2);
        assertThat(topologyChanges).containsExactly("db-a.example.internal:3306 -> null",
                "null -> db-a.example.internal:3306");
    }

    @Test
    void anUnreachablePrimaryStaysThePrimaryUntilAnotherIsWritable() throws Exception {
        cluster();
        start(fast(), A, B, C);
        List<String> reachability = new CopyOnWriteArrayList<>();
        monitor.addPrimaryListener((reachable, reason) -> reachability.add(reachable + ""));
        servers.get(A).unreachable = true;
        await("a unreachable", Duration.ofSeconds(2), () -> !reachability.isEmpty());
        Thread.sleep(300);
        assertThat(monitor.snapshot().primary()).isEqualTo(A);
        assertThat(topologyChanges).isEmpty();

        servers.get(B).promote();
        servers.get(C).replicateFrom(2, B);
        await("failover to b", Duration.ofSeconds(2), () -> B.equals(monitor.snapshot().primary()));
        // Listeners are told after the snapshot showing the change is published.
        await("listeners told", Duration.ofSeconds(2), () -> !topologyChanges.isEmpty());
        assertThat(topologyChanges).containsExactly("db-a.example.internal:3306 -> db-b.example.internal:3306");
        assertThat(monitor.snapshot().status(A).state()).isEqualTo(ReplicaState.DOWN);
        await("c serves from b", Duration.ofSeconds(2), () -> monitor.snapshot().isServing(C));
    }

    @Test
    void aReplicaOfAnotherServerStaysKnownButDoesNotServe() throws Exception {
        cluster();
        servers.get(C).replicateFrom(2, B);
        start(fast(), A, B, C);
        ReplicaStatus status = monitor.snapshot().status(C);
        assertThat(status.state()).isEqualTo(ReplicaState.STOPPED);
        assertThat(status.reason()).isEqualTo("replicates from db-b.example.internal:3306, not from the primary "
                + "db-a.example.internal:3306");
        assertThat(monitor.snapshot().serving()).containsExactly(B);
    }

    @Test
    void noWritableServerAtStartLeavesNoPrimaryAndPollsFast() throws Exception {
        cluster();
        servers.get(A).readOnly = true;
        start(fast().pollInterval(Duration.ofSeconds(5)), A, B, C);
        assertThat(monitor.snapshot().primary()).isNull();
        assertThat(monitor.snapshot().primaryProblem()).startsWith("no writable server: ");
        servers.get(A).readOnly = false;
        long writable = System.nanoTime();
        await("a found", Duration.ofSeconds(2), () -> A.equals(monitor.snapshot().primary()));
        // polled every 100 ms while no primary is known, not every 5 s; the margin is for a busy machine
        assertThat((System.nanoTime() - writable) / 1_000_000).isLessThan(1500);
        // judged at once by the round the change starts; they serve after the restore dwell, at a later poll
        await("b and c healthy", Duration.ofSeconds(2), () -> monitor.snapshot().replicas().stream()
                .allMatch(status -> status.state() == ReplicaState.HEALTHY));
    }

    @Test
    void aReplicaProbeStillRunningWhenThePrimaryIsFoundIsProbedAgainAtOnce() throws Exception {
        cluster();
        servers.get(A).readOnly = true;
        servers.get(B).statusMillis = 150; // still running when the round after the change starts
        start(fast().pollInterval(Duration.ofSeconds(5)), A, B, C);
        servers.get(A).readOnly = false;
        await("a found", Duration.ofSeconds(1), () -> A.equals(monitor.snapshot().primary()));
        // its probe started before a's position was known, so it does not count; the next poll is 5 s away
        await("b healthy", Duration.ofSeconds(2),
                () -> monitor.snapshot().status(B).state() == ReplicaState.HEALTHY);
    }

    @Test
    void discoversThePrimaryFromAReplicaSeedAndTheOtherReplicasFromThePrimary() throws Exception {
        cluster();
        Endpoint a = new Endpoint("127.0.0.1", 3306);
        servers.put(a, servers.remove(A));
        servers.get(B).replicateFrom(0, a);
        servers.get(C).replicateFrom(1, a);
        servers.get(a).replicaHosts = List.of(new ListedReplica(B, 2), new ListedReplica(C, 3));
        try (LogCapture log = LogCapture.of(ReplicaMonitor.class)) {
            start(fast().discoverReplicas(true), B);
            assertThat(monitor.snapshot().primary()).isEqualTo(a);
            assertThat(replicas()).containsExactly(B, C);
            await("c serves", Duration.ofSeconds(2), () -> monitor.snapshot().isServing(C));
            assertThat(log.lines()).contains("INFO topo - discovered 127.0.0.1:3306 (server_id 0), the source of "
                    + "db-b.example.internal:3306", "INFO topo - discovered replica db-c.example.internal:3306 "
                    + "(server_id 3)");

            servers.get(a).replicaHosts = List.of(new ListedReplica(B, 2));
            servers.get(C).replicaStatus = null;
            await("c removed", Duration.ofSeconds(2), () -> !replicas().contains(C));
            assertThat(log.lines()).contains("INFO topo - db-c.example.internal:3306 no longer listed by the "
                    + "primary: removed");

            servers.get(C).replicateFrom(1, a);
            servers.get(a).replicaHosts = List.of(new ListedReplica(B, 2), new ListedReplica(C, 3));
            await("c back", Duration.ofSeconds(2), () -> monitor.snapshot().isServing(C));
        }
        assertThat(replicas()).containsExactly(B, C);
    }

    @Test
    void seedsAreNeverRemovedAndAListingRefusedIsReportedOnce() throws Exception {
        cluster();
        servers.get(A).replicaHosts = null;
        try (LogCapture log = LogCapture.of(ReplicaMonitor.class)) {
            start(fast().discoverReplicas(true), A, B, C);
            servers.get(C).replicaStatus = null;
            Thread.sleep(600);
            assertThat(replicas()).containsExactly(B, C);
            assertThat(log.lines()).filteredOn(line -> line.contains("cannot list")).hasSize(1);
        }
    }

    @Test
    void recheckCallsAreMergedAndNeverProbeAServerTwiceAtOnce() throws Exception {
        cluster();
        start(fast().pollInterval(Duration.ofSeconds(10)), A, B, C);
        servers.values().forEach(server -> server.statusMillis = 20);
        int before = servers.get(B).statusQueries.get();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread caller = new Thread(() -> {
                for (int j = 0; j < 25; j++) {
                    monitor.recheck();
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        Thread.sleep(300);
        int probes = servers.get(B).statusQueries.get() - before;
        assertThat(probes).isBetween(1, 10);
        assertThat(servers.values()).allSatisfy(server -> assertThat(server.maxConcurrentStatus.get()).isEqualTo(1));
    }
}
