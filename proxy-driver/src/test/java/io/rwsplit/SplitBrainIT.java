package io.rwsplit;

import static io.rwsplit.TopologyChecks.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two writable servers at once: a replica detached and made writable beside the primary. No write reaches either
 * server (each one's general log) until one of them is read-only again; reads go on meanwhile; then writes go to the
 * one primary left.
 */
class SplitBrainIT {

    private static final String NAME = "split-brain-it";

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name(NAME).replicas(2).generalLog(true).start();
        cluster.setUp("CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(100))");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void refusesEveryWriteWhileTwoServersAreWritableAndReadsGoOn() throws Exception {
        ClusterNode primary = cluster.primary();
        ClusterNode rogue = cluster.replica(0);
        String url = ClusterUrls.withCredentials(cluster, NAME, "&rwsplit.primaryWait=300");
        try (RwSplitDataSource dataSource = new RwSplitDataSource(url)) {
            Cluster shared = TopologyChecks.clusterOf(dataSource);
            cluster.detach(rogue);
            cluster.makeWritable(rogue);
            assertThat(TopologyChecks.await(() -> shared.snapshot().primary() == null, Duration.ofSeconds(5)))
                    .as("the monitor sees no single primary").isTrue();
            assertThat(shared.snapshot().primaryProblem()).contains(endpoint(primary).toString())
                    .contains(endpoint(rogue).toString());
            try (Connection connection = dataSource.getConnection()) {
                for (int i = 0; i < 5; i++) {
                    assertThatThrownBy(() -> insert(connection, "split-brain-refused"))
                            .isInstanceOf(SQLTransientConnectionException.class)
                            .hasMessageContaining("no primary");
                    assertThat(serverId(connection)).as("a read during the split brain").isPositive();
                }
            }
            assertThat(cluster.statementsSeen(primary, "split-brain-refused")).isZero();
            assertThat(cluster.statementsSeen(rogue, "split-brain-refused")).isZero();

            cluster.makeReadOnly(rogue);
            assertThat(TopologyChecks.await(() -> endpoint(primary).equals(shared.snapshot().primary()),
                    Duration.ofSeconds(5))).as("the primary is known again").isTrue();
            try (Connection connection = dataSource.getConnection()) {
                insert(connection, "split-brain-resolved");
            }
            assertThat(cluster.statementsSeen(primary, "split-brain-resolved")).isEqualTo(1);
            assertThat(cluster.statementsSeen(rogue, "split-brain-resolved")).isZero();
            System.out.println("split brain: " + shared.topologyCounts());
            assertThat(shared.topologyCounts().noPrimary()).isEqualTo(5);
        } finally {
            cluster.attach(rogue);
        }
    }

    private static void insert(Connection connection, String marker) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO notes (text) VALUES ('" + marker + "')");
        }
    }

    private static int serverId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@server_id")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
