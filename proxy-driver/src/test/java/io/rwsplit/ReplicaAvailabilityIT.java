package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Reads go only to replicas the monitor lets serve, even on connections that used a replica before it left, and to
 * the primary when none does (or fail, if so configured), said once in the log.
 */
class ReplicaAvailabilityIT {

    @AutoClose
    private static ReplicationCluster cluster;
    private static String url;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("availability-it").replicas(2).start();
        url = ClusterUrls.withCredentials(cluster, "availability-it", "&connectTimeout=1000&socketTimeout=5000"
                + "&rwsplit.probeTimeout=500&rwsplit.maxReplicaLag=500&rwsplit.restoreDwell=500");
        cluster.setUp("CREATE TABLE ticks (id INT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP(6) DEFAULT NOW(6))");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void sendsNoReadsToADelayedReplicaEvenFromAConnectionThatReadFromIt() throws Exception {
        // Held on its replica for good unless that replica leaves the read pool.
        String stickyUrl = url.replace("clusterName=availability-it", "clusterName=availability-sticky-it")
                + "&rwsplit.rebalanceInterval=1h";
        try (Connection connection = DriverManager.getConnection(stickyUrl)) {
            int readFrom = readServerId(connection);
            for (int i = 0; i < 20; i++) {
                assertThat(readServerId(connection)).as("the connection keeps its replica").isEqualTo(readFrom);
            }
            ClusterNode delayed = cluster.replicas().stream().filter(r -> r.serverId() == readFrom).findFirst()
                    .orElseThrow();
            ClusterNode healthy = cluster.replicas().stream().filter(r -> r != delayed).findFirst().orElseThrow();
            try {
                delayUntilDropped(connection, delayed);
                Map<Integer, Integer> readsPerServer = new HashMap<>();
                for (int i = 0; i < 200; i++) {
                    readsPerServer.merge(readServerId(connection), 1, Integer::sum);
                }
                // None on the delayed replica. The first reads may run on the primary: the connection wrote just
                // before, and gtid read-your-writes reads the primary until the other replica is known to have it.
                assertThat(readsPerServer).doesNotContainKey(delayed.serverId()).containsKey(healthy.serverId());
                assertThat(readsPerServer.keySet()).isSubsetOf(healthy.serverId(), cluster.primary().serverId());
            } finally {
                cluster.setDelay(delayed, 0);
                cluster.awaitCaughtUp(Duration.ofSeconds(30));
            }
        }
    }

    private static void delayUntilDropped(Connection connection, ClusterNode delayed) throws Exception {
        cluster.setDelay(delayed, 5);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean dropped = false;
        // setDelay restarts the replica's applier, and a probe at that moment finds it STOPPED, out of the pool
        // only until its restore dwell ends: wait for it to leave for its lag.
        while (System.nanoTime() < deadline && !dropped) {
            write(connection);
            Thread.sleep(50);
            ClusterStatus status = RwSplit.status(connection);
            dropped = !status.isServing(delayed.hostAndPort())
                    && state(status, delayed) == ReplicaState.LAGGING;
        }
        assertThat(dropped).as("the delayed replica left the read pool for its lag").isTrue();
    }

    @Test
    void readsGoToThePrimaryWhenEveryReplicaIsDown() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger readPoolLogger = (Logger) LoggerFactory.getLogger("io.rwsplit.cluster.ReadPoolLogger");
        readPoolLogger.addAppender(log);
        String failingUrl = url.replace("rwsplit.clusterName=availability-it", "rwsplit.clusterName=no-replica-fails")
                + "&rwsplit.noReplica=fail";
        try (Connection connection = DriverManager.getConnection(url);
             Connection failing = DriverManager.getConnection(failingUrl)) {
            assertThat(readServerId(connection)).isNotEqualTo(cluster.primary().serverId());
            assertThat(readServerId(failing)).isNotEqualTo(cluster.primary().serverId());
            for (ClusterNode replica : cluster.replicas()) {
                cluster.kill(replica);
            }
            // Every read succeeds: the first ones may find a dead replica and move on, later ones never try one.
            for (int i = 0; i < 50; i++) {
                assertThat(readServerId(connection)).isEqualTo(cluster.primary().serverId());
            }
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> readServerId(failing)).isInstanceOf(SQLNonTransientConnectionException.class)
                        .hasMessageContaining("rwsplit.noReplica=fail")
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
            }
            assertThat(linesStartingWith(log, "availability-it - no replica serves reads: reads go to the primary"))
                    .as("said once, not per read").isOne();
            assertThat(linesStartingWith(log, "no-replica-fails - no replica serves reads: reads fail")).isOne();
        } finally {
            readPoolLogger.detachAppender(log);
            for (ClusterNode replica : cluster.replicas()) {
                cluster.restart(replica);
            }
            cluster.awaitCaughtUp(Duration.ofSeconds(30));
        }
        try (Connection connection = DriverManager.getConnection(url)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int server = cluster.primary().serverId();
            while (server == cluster.primary().serverId() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                server = readServerId(connection);
            }
            assertThat(server).as("reads return to replicas once they are back").isNotEqualTo(
                    cluster.primary().serverId());
        }
    }

    private static long linesStartingWith(ListAppender<ILoggingEvent> log, String start) {
        return log.list.stream().filter(event -> event.getFormattedMessage().startsWith(start)).count();
    }

    private static ReplicaState state(ClusterStatus status, ClusterNode replica) {
        return status.replicas().stream().filter(r -> r.endpoint().toString().equals(replica.hostAndPort()))
                .map(ReplicaStatus::state).findFirst().orElseThrow();
    }

    private static void write(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO ticks () VALUES ()");
        }
    }

    private static int readServerId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@server_id")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
