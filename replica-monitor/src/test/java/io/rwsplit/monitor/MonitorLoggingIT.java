package io.rwsplit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ReplicationCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor's log: one line per change with the cluster name first, the reason and the size of the read pool, a
 * periodic lag summary, and never a password.
 */
class MonitorLoggingIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicationCluster.builder().name("monitor-logging").replicas(1).start();
    }

    @Test
    void logsEachChangeOnceWithItsReasonAndAPeriodicLagSummary() throws Exception {
        Endpoint replica = ClusterSupport.endpoint(cluster.replica(0));
        String address = replica.toString().replace(".", "\\.");
        List<String> lines;
        Transitions transitions = new Transitions();
        try (LogCapture log = LogCapture.of(ReplicaMonitor.class)) {
            try (ReplicaMonitor monitor = ClusterSupport.start(cluster, MonitorSettings.builder()
                    .clusterName("orders-db").restoreDwell(Duration.ofMillis(500))
                    .lagSummaryInterval(Duration.ofSeconds(1)).build())) {
                monitor.addListener(transitions);
                cluster.stopReplication(cluster.replica(0));
                transitions.awaitState(replica, 0, ReplicaState.STOPPED, Duration.ofSeconds(5));
                Thread.sleep(1100);
                cluster.startReplication(cluster.replica(0));
                transitions.awaitServing(replica, 0, Duration.ofSeconds(5));
                Thread.sleep(1100);
            }
            lines = log.lines();
        }
        lines.forEach(line -> System.out.println("captured: " + line));

        assertThat(lines).allMatch(line -> line.matches("(INFO|WARN) orders-db - .*"));
        assertThat(lines).noneMatch(line -> line.contains(cluster.monitor().password()));
        Endpoint primary = ClusterSupport.endpoint(cluster.primary());
        assertThat(lines.subList(0, 2)).containsExactly("INFO orders-db - monitoring " + primary + ", " + replica
                        + " every 250ms: maxLag=1000ms, restoreLag=500ms, restoreDwell=500ms, probeTimeout=1000ms, "
                        + "maxTransactionsBehind=no limit, heartbeat=off, discoverReplicas=false",
                "INFO orders-db - primary is now " + primary + " (was none): " + primary
                        + " writable and not replicating");
        assertThat(lines).filteredOn(line -> line.contains(" - replica " + replica + " ")).satisfiesExactly(
                first -> assertThat(first).matches("INFO orders-db - replica " + address
                        + " HEALTHY: lag=0ms \\(0 trx behind\\); reads use 1/1 replicas"),
                stopped -> assertThat(stopped).isEqualTo("WARN orders-db - replica " + replica
                        + " STOPPED: SQL thread not running; reads use 0/1 replicas"),
                healthy -> assertThat(healthy).matches("INFO orders-db - replica " + address
                        + " HEALTHY: lag=\\d+ms \\(\\d+ trx behind\\); serving reads again once its lag stays <= "
                        + "500ms for 500ms; reads use 0/1 replicas"),
                serving -> assertThat(serving).matches("INFO orders-db - replica " + address
                        + " serving reads again after \\d+ms under restoreLag=500ms; reads use 1/1 replicas"));
        assertThat(lines).filteredOn(line -> line.contains("replica lag:"))
                .hasSizeGreaterThanOrEqualTo(2)
                .allMatch(line -> line.matches("INFO orders-db - primary " + primary.toString().replace(".", "\\.")
                        + "; replica lag: " + address
                        + " (HEALTHY \\d+ms( \\(\\d+ trx\\))?( not serving yet)?|STOPPED (\\d+ms|lag unknown))"))
                .anyMatch(line -> line.contains(" STOPPED "));
        assertThat(lines).last().isEqualTo("INFO orders-db - replica monitor stopped");
    }
}
