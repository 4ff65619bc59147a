package io.rwsplit;

import static io.rwsplit.TopologyChecks.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A URL naming one replica only, with {@code rwsplit.discovery=replicas}: the driver finds the primary (the replica's
 * source) and the other replica (the primary's replica list), writes go to the primary and reads reach both replicas,
 * by each server's general log. A replica detached leaves the read pool; attached again, it comes back.
 */
class DiscoveryIT {

    private static final String NAME = "discovery-it";

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
    void findsThePrimaryAndTheOtherReplicaFromOneReplica() throws Exception {
        ClusterNode seed = cluster.replica(0);
        ClusterNode other = cluster.replica(1);
        String url = "jdbc:rwsplit:mysql://" + seed.hostAndPort() + "/" + cluster.schema()
                + "?rwsplit.clusterName=" + NAME + "&rwsplit.pollInterval=100&rwsplit.restoreDwell=500"
                + "&rwsplit.discovery=replicas&rwsplit.monitorUser=" + cluster.monitor().user()
                + "&rwsplit.monitorPassword=" + cluster.monitor().password()
                + "&user=" + cluster.app().user() + "&password=" + cluster.app().password()
                + "&rwsplit.rebalanceInterval=0&rwsplit.readYourWrites=gtid-wait";
        try (RwSplitDataSource dataSource = new RwSplitDataSource(url)) {
            Cluster shared = TopologyChecks.clusterOf(dataSource);
            assertThat(TopologyChecks.await(() -> shared.snapshot().isServing(endpoint(other)),
                    Duration.ofSeconds(5))).as("the other replica, discovered, serves reads").isTrue();
            assertThat(shared.snapshot().primary()).isEqualTo(endpoint(cluster.primary()));
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO notes (text) VALUES ('discovery-write')");
                }
                for (int i = 0; i < 6; i++) {
                    read(connection, "discovery-read");
                }
            }
            assertThat(cluster.statementsSeen(cluster.primary(), "discovery-write")).isEqualTo(1);
            assertThat(cluster.statementsSeen(seed, "discovery-read")).isPositive();
            assertThat(cluster.statementsSeen(other, "discovery-read")).isPositive();

            cluster.detach(other);
            assertThat(TopologyChecks.await(() -> !shared.snapshot().isServing(endpoint(other)),
                    Duration.ofSeconds(5))).as("a detached replica leaves the read pool").isTrue();
            ReplicaStatus gone = shared.snapshot().status(endpoint(other));
            System.out.println("discovery: after detach " + (gone == null ? "removed" : gone.state() + ": "
                    + gone.reason()));
            cluster.attach(other);
            assertThat(TopologyChecks.await(() -> shared.snapshot().isServing(endpoint(other)),
                    Duration.ofSeconds(10))).as("attached again, it serves reads").isTrue();
        }
    }

    private static void read(Connection connection, String marker) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*), '" + marker + "' FROM notes")) {
            rows.next();
        }
    }
}
