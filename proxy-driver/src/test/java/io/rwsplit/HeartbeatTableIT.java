package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code rwsplit.heartbeatTable} named without a schema, as the README allows: the monitor keeps it in the URL's
 * database, on the primary, and reads it back on every replica.
 */
class HeartbeatTableIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("heartbeat-it").replicas(2).start();
        cluster.setUpAsRoot("GRANT ALL PRIVILEGES ON `" + cluster.schema() + "`.* TO 'monitor'@'%'");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    void keepsAHeartbeatTableWithoutSchemaInTheUrlsDatabase() throws Exception {
        String url = ClusterUrls.withCredentials(cluster, "heartbeat-it", "&rwsplit.heartbeatTable=heartbeat");
        try (Connection connection = DriverManager.getConnection(url)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && !beatsEverywhere()) {
                Thread.sleep(100);
            }
            assertThat(beatsEverywhere()).as("a heartbeat row on the primary and on every replica").isTrue();
            assertThat(RwSplit.status(connection).replicas()).allSatisfy(replica ->
                    assertThat(replica.lagKnown()).as(replica.endpoint() + " lag known").isTrue());
        }
    }

    /** Whether the primary and every replica have the heartbeat row, in the URL's database. */
    private static boolean beatsEverywhere() throws SQLException {
        for (ClusterNode node : cluster.nodes()) {
            try (Connection connection = cluster.connect(node); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM `" + cluster.schema()
                         + "`.heartbeat")) {
                rows.next();
                if (rows.getInt(1) != 1) {
                    return false;
                }
            } catch (SQLSyntaxErrorException notYet) {
                return false;
            }
        }
        return true;
    }
}
