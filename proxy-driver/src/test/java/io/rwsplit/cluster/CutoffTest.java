package io.rwsplit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.jdbc.RoutingConnection;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What happens to a backend's connections when the monitor says its server is down, over recording stand-ins. */
class CutoffTest {

    private final StandInCluster servers = new StandInCluster(2);

    @Test
    void abortsWhatADownReplicaLentAndRefusesToLendUntilItIsBack() throws Exception {
        RecordingBackend replica = servers.replica(1);
        Connection lent = replica.borrow();
        try (ReplicaCutoff cutoff = new ReplicaCutoff("unit", Map.of(replica.endpoint(), replica))) {
            cutoff.onChange(status(replica, ReplicaState.HEALTHY), status(replica, ReplicaState.DOWN), null);
            awaitClosed(lent);
            assertThat(cutoff.abortedCount()).isEqualTo(1);
            assertThatThrownBy(replica::borrow).isInstanceOf(SQLException.class).hasMessageContaining("DOWN");

            cutoff.onChange(status(replica, ReplicaState.DOWN), status(replica, ReplicaState.HEALTHY), null);
            assertThat(replica.borrow().isClosed()).isFalse();
        }
        assertThat(replica.events()).containsExactly("borrow", "cutOff", "borrow");
    }

    @Test
    void cutsThePrimaryOffOnlyOnceItHasBeenUnreachableForTheCutoff() throws Exception {
        RecordingBackend primary = servers.primary();
        try (PrimaryCutoff cutoff = new PrimaryCutoff("unit", () -> primary, Duration.ofMillis(200))) {
            cutoff.onPrimaryChange(false, "probe timed out");
            cutoff.onPrimaryChange(true, null);
            TimeUnit.MILLISECONDS.sleep(400);
            assertThat(primary.events()).doesNotContain("cutOff");

            Connection lent = primary.borrow();
            cutoff.onPrimaryChange(false, "probe timed out");
            awaitClosed(lent);
            assertThat(cutoff.abortedCount()).isEqualTo(1);
        }
    }

    @Test
    void failsWritesAtOnceWhileThePrimaryIsCutOffAndKeepsReading() throws Exception {
        servers.primary().markDown("not answering the monitor for 10000 ms: probe timed out");
        try (Connection connection = new RoutingConnection(servers.cluster());
             Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO t VALUES (1)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("the primary primary:3306 is DOWN")
                    .hasFieldOrPropertyWithValue("SQLState", "08001");
            statement.executeQuery("SELECT 1");
        }
        assertThat(servers.log()).containsExactly("replica1: SELECT 1");
    }

    private static ReplicaStatus status(Backend replica, ReplicaState state) {
        Instant now = Instant.now();
        return new ReplicaStatus(replica.endpoint(), state, state == ReplicaState.HEALTHY, "unit", 0, 0, null, 0, now,
                now, null);
    }

    private static void awaitClosed(Connection connection) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!connection.isClosed() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertThat(connection.isClosed()).as("aborted").isTrue();
    }
}
