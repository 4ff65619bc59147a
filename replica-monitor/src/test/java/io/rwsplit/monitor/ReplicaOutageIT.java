package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ReplicationCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A killed replica is DOWN and serves again after a restart; a frozen one (SIGSTOP: the port accepts, nothing
 * answers) is DOWN within about one poll interval plus the probe timeout, while the other replica keeps being polled
 * on schedule.
 */
class ReplicaOutageIT {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicationCluster.builder().name("replica-outage").replicas(2).start();
    }

    private static ReplicaMonitor startMonitor(Transitions transitions) {
        ReplicaMonitor monitor = ClusterSupport.start(cluster, MonitorSettings.builder()
                .clusterName("replica-outage").pollInterval(POLL).probeTimeout(PROBE_TIMEOUT)
                .restoreDwell(Duration.ofMillis(500)).build());
        monitor.addListener(transitions);
        return monitor;
    }

    @Test
    void aKilledReplicaIsDownAndServesAgainAfterARestart() throws Exception {
        Endpoint victim = ClusterSupport.endpoint(cluster.replica(0));
        Endpoint other = ClusterSupport.endpoint(cluster.replica(1));
        Transitions transitions = new Transitions();
        try (ReplicaMonitor monitor = startMonitor(transitions)) {
            cluster.kill(cluster.replica(0));
            long killed = System.nanoTime();
            ReplicaStatus down = transitions.awaitState(victim, 0, ReplicaState.DOWN, TIMEOUT);
            System.out.printf("kill: DOWN after %d ms: %s%n", (System.nanoTime() - killed) / 1_000_000,
                    down.reason());
            assertThat(down.reason()).startsWith("unreachable: ");
            assertThat(monitor.snapshot().serving()).containsExactly(other);

            cluster.restart(cluster.replica(0));
            ReplicaStatus back = transitions.awaitServing(victim, 0, TIMEOUT);
            assertThat(back.state()).isEqualTo(ReplicaState.HEALTHY);
            assertThat(monitor.snapshot().serving()).containsExactly(victim, other);
            assertThat(transitions.of(other)).isEmpty();
        }
    }

    @Test
    void replicasKeepServingReadsWhileThePrimaryIsDown() throws Exception {
        Transitions transitions = new Transitions();
        try (ReplicaMonitor monitor = startMonitor(transitions)) {
            cluster.kill(cluster.primary());
            try {
                Thread.sleep(1500);
                ReplicaSnapshot snapshot = monitor.snapshot();
                System.out.println("primary down: " + snapshot.replicas().stream()
                        .map(status -> status.endpoint() + " " + status.state() + ": " + status.reason()).toList());
                assertThat(snapshot.serving()).hasSize(2);
                assertThat(snapshot.replicas()).allSatisfy(status -> assertThat(status.reason())
                        .startsWith("lag=0ms (0 trx behind); IO thread reconnecting to the primary (error 2003: "));
            } finally {
                cluster.restart(cluster.primary());
            }
            cluster.awaitCaughtUp(TIMEOUT);
            ClusterSupport.await("replicas replicate again", TIMEOUT, () -> monitor.snapshot().replicas().stream()
                    .allMatch(status -> status.reason().equals("lag=0ms (0 trx behind)")));
            for (Endpoint replica : ClusterSupport.replicas(cluster)) {
                assertThat(transitions.of(replica)).as("changes of " + replica).isEmpty();
            }
        }
    }

    @Test
    void aFrozenReplicaIsDownWithinPollPlusTimeoutWhileTheOtherIsPolledOnSchedule() throws Exception {
        Endpoint frozen = ClusterSupport.endpoint(cluster.replica(1));
        Endpoint other = ClusterSupport.endpoint(cluster.replica(0));
        cluster.awaitCaughtUp(TIMEOUT);
        Transitions transitions = new Transitions();
        try (ReplicaMonitor monitor = startMonitor(transitions)) {
            assertThat(monitor.snapshot().serving()).containsExactly(other, frozen);
            Thread.sleep(POLL.toMillis());
            Instant frozenAt = Instant.now();
            cluster.freeze(cluster.replica(1));
            try {
                List<Instant> otherObserved = new ArrayList<>();
                long end = System.nanoTime() + PROBE_TIMEOUT.plus(POLL).plusMillis(1500).toNanos();
                while (System.nanoTime() < end) {
                    Instant observed = monitor.snapshot().status(other).observedAt();
                    if (otherObserved.isEmpty() || !observed.equals(otherObserved.get(otherObserved.size() - 1))) {
                        otherObserved.add(observed);
                    }
                    Thread.sleep(10);
                }
                ReplicaStatus down = transitions.awaitState(frozen, 0, ReplicaState.DOWN, Duration.ZERO);
                long downMillis = Duration.between(frozenAt, down.observedAt()).toMillis();
                long maxGap = 0;
                for (int i = 1; i < otherObserved.size(); i++) {
                    maxGap = Math.max(maxGap, Duration.between(otherObserved.get(i - 1), otherObserved.get(i))
                            .toMillis());
                }
                System.out.printf("freeze: DOWN after %d ms (pollInterval %d + probeTimeout %d ms): %s; the other "
                                + "replica was observed %d times meanwhile, at most %d ms apart%n", downMillis,
                        POLL.toMillis(), PROBE_TIMEOUT.toMillis(), down.reason(), otherObserved.size(), maxGap);
                assertThat(down.reason()).isEqualTo("probe timed out after 1000ms");
                // slack for a loaded machine; a probe waiting on the frozen one would leave a gap >= the timeout
                assertThat(downMillis).isLessThanOrEqualTo(POLL.plus(PROBE_TIMEOUT).toMillis() + 500);
                assertThat(maxGap).isLessThan(PROBE_TIMEOUT.toMillis() / 2);
                assertThat(otherObserved).hasSizeGreaterThanOrEqualTo(6);
                assertThat(monitor.snapshot().serving()).containsExactly(other);
                assertThat(transitions.of(other)).isEmpty();
            } finally {
                cluster.thaw(cluster.replica(1));
            }
            ReplicaStatus back = transitions.awaitServing(frozen, 0, TIMEOUT);
            assertThat(back.state()).isEqualTo(ReplicaState.HEALTHY);
        }
    }
}
