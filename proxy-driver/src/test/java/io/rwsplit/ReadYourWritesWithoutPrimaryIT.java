package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.consistency.ConsistencyStatistics;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gtid read-your-writes sends a read after a write to the primary while no replica is known to have the write; with
 * the primary frozen and cut off, the same read waits on a replica for the write instead, and finds it there.
 */
class ReadYourWritesWithoutPrimaryIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("ryw-no-primary-it").replicas(1).start();
        cluster.setUp(Notes.CREATE);
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void aReadAfterAWriteWaitsOnAReplicaWhenThePrimaryIsCutOff() throws Exception {
        String url = ClusterUrls.withCredentials(cluster, "ryw-no-primary",
                "&rwsplit.primaryCutoff=1000&rwsplit.probeTimeout=500&rwsplit.causalReadTimeout=6000"
                        + "&rwsplit.maxReplicaLag=60000&rwsplit.restoreDwell=100&socketTimeout=10000");
        try (RwSplitDataSource dataSource = new RwSplitDataSource(url);
             Connection connection = dataSource.getConnection()) {
            Cluster shared = TopologyChecks.clusterOf(dataSource);
            assertThat(TopologyChecks.await(() -> shared.snapshot().serving().size() == 1, Duration.ofSeconds(10)))
                    .as("the replica serves reads").isTrue();
            // The replica applies the writes 4 s late: no poll of the monitor sees the second one before the read,
            // which comes about 2 s after it, once the primary is cut off; the read's wait then sees it applied.
            cluster.setDelay(cluster.replica(0), 4);
            assertThat(TopologyChecks.await(() -> shared.snapshot().serving().size() == 1, Duration.ofSeconds(10)))
                    .as("the replica serves reads again after its applier restarted").isTrue();

            Notes.insert(connection, 1, "note");
            assertThat(Notes.read(connection, 1)).isTrue();
            assertThat(Notes.lastBackend(connection)).as("with the primary up, the read goes there")
                    .isEqualTo(cluster.primary().hostAndPort());

            Notes.insert(connection, 2, "note");
            // Frozen before it sent the write on, the primary would leave no server with it: the read could only fail.
            String written = query(cluster.connectAsRoot(cluster.primary()), "SELECT @@GLOBAL.gtid_binlog_pos", null);
            assertThat(TopologyChecks.await(() -> written.equals(received()), Duration.ofSeconds(10)))
                    .as("the replica received the write").isTrue();
            cluster.freeze(cluster.primary());
            try {
                assertThat(TopologyChecks.await(() -> shared.primary() == null || shared.primary().isDown(),
                        Duration.ofSeconds(10))).as("the frozen primary is cut off").isTrue();
                ConsistencyStatistics before = RwSplit.status(connection).readYourWrites();
                long start = System.nanoTime();
                boolean found = Notes.read(connection, 2);
                long millis = (System.nanoTime() - start) / 1_000_000;
                ConsistencyStatistics after = RwSplit.status(connection).readYourWrites();
                System.out.printf(Locale.ROOT, "read after a write with the primary cut off: found=%s on %s after %d ms"
                        + " (%d wait(s), %d reached)%n", found, Notes.lastBackend(connection), millis,
                        after.waits() - before.waits(), after.waitsReached() - before.waitsReached());
                assertThat(found).as("the read sees the write").isTrue();
                assertThat(Notes.lastBackend(connection)).isEqualTo(cluster.replica(0).hostAndPort());
                assertThat(after.waits() - before.waits()).isEqualTo(1);
                assertThat(after.waitsReached() - before.waitsReached()).isEqualTo(1);
            } finally {
                cluster.thaw(cluster.primary());
                cluster.setDelay(cluster.replica(0), 0);
            }
        }
    }

    /** The GTID position the replica has received of the primary's log, applied or not. */
    private static String received() {
        try {
            return query(cluster.connectAsRoot(cluster.replica(0)), "SHOW SLAVE STATUS", "Gtid_IO_Pos");
        } catch (SQLException e) {
            return e.toString();
        }
    }

    /** The first row's column (or first column), closing the connection. */
    private static String query(Connection connection, String sql, String column) throws SQLException {
        try (connection; Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? (column == null ? row.getString(1) : row.getString(column)) : "";
        }
    }



}
