package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A 1+2 cluster on local servers: shape, accounts, replication and the general-log proof of where SQL ran. */
class ReplicationIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws SQLException {
        cluster = ReplicationCluster.builder().name("replication-it").generalLog(true).start();
        try (Connection connection = cluster.connect(cluster.primary());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(100))");
        }
    }

    @Test
    void startsAPrimaryAndTwoReadOnlyReplicasWithTheirOwnServerIds() throws SQLException {
        assertThat(cluster.nodes()).extracting(ClusterNode::name).containsExactly("primary", "replica1", "replica2");
        assertThat(cluster.replicas()).containsExactly(cluster.replica(0), cluster.replica(1));
        assertThat(cluster.hostList()).isEqualTo(cluster.primary().hostAndPort() + ","
                + cluster.replica(0).hostAndPort() + "," + cluster.replica(1).hostAndPort());
        assertThat(cluster.flavor()).isEqualTo(Flavor.ofVersionString(cluster.version()));
        assertThat(cluster.startupTime()).isPositive();
        for (ClusterNode node : cluster.nodes()) {
            try (Connection connection = cluster.connectAsRoot(node)) {
                assertThat(TestSql.query(connection, "SELECT @@server_id"))
                        .isEqualTo(Integer.toString(node.serverId()));
                assertThat(TestSql.query(connection, "SELECT @@read_only")).isEqualTo(node.isPrimary() ? "0" : "1");
                assertThat(TestSql.query(connection, "SELECT @@port")).isEqualTo(Integer.toString(node.port()));
            }
        }
    }

    @Test
    void rowWrittenOnThePrimaryAppearsOnEveryReplica() throws SQLException {
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (1, 'replicated')");
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
        for (ClusterNode replica : cluster.replicas()) {
            assertThat(TestSql.label(cluster, replica, 1)).isEqualTo("replicated");
        }
    }

    @Test
    void appCannotWriteOnAReplica() {
        assertThatThrownBy(() -> TestSql.update(cluster, cluster.replica(0),
                "INSERT INTO items VALUES (99, 'misrouted')"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("read-only")
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1290));
    }

    @Test
    void monitorReadsReplicationStatusButNotTheSchema() throws SQLException {
        try (Connection connection = cluster.connectAsMonitor(cluster.replica(0))) {
            assertThat(TestSql.query(connection, "SHOW REPLICA STATUS")).isNotNull();
            assertThatThrownBy(() -> TestSql.query(connection, "SELECT COUNT(*) FROM " + cluster.schema() + ".items"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void statementsSeenCountsAMarkedStatementOnlyOnTheServerThatRanIt() throws SQLException {
        String marker = "seen-" + UUID.randomUUID();
        try (Connection connection = cluster.connect(cluster.replica(1))) {
            TestSql.query(connection, "SELECT /* " + marker + " */ COUNT(*) FROM items");
            TestSql.query(connection, "SELECT /* " + marker + " */ COUNT(*) FROM items");
        }
        assertThat(cluster.statementsSeen(cluster.replica(1), marker)).isEqualTo(2);
        assertThat(cluster.statementsSeen(cluster.replica(1), marker)).as("counting adds nothing").isEqualTo(2);
        assertThat(cluster.statementsSeen(cluster.primary(), marker)).isZero();
        assertThat(cluster.statementsSeen(cluster.replica(0), marker)).isZero();
    }

    @Test
    void statementsSeenIgnoresWhatReplicasApplyByReplication() throws SQLException {
        String marker = "write-" + UUID.randomUUID();
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (2, '" + marker + "')");
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
        assertThat(TestSql.label(cluster, cluster.replica(0), 2)).isEqualTo(marker);
        assertThat(cluster.statementsSeen(cluster.primary(), marker)).isEqualTo(1);
        assertThat(cluster.statementsSeen(cluster.replica(0), marker)).isZero();
        assertThat(cluster.statementsSeen(cluster.replica(1), marker)).isZero();
    }

    @Test
    void primaryGtidPositionAdvancesWithEveryWrite() throws SQLException {
        String before = cluster.primaryGtidPosition();
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (3, 'gtid')");
        assertThat(cluster.primaryGtidPosition()).isNotBlank().isNotEqualTo(before);
    }

    @Test
    void replicaOnlyOperationsRejectThePrimary() {
        assertThatThrownBy(() -> cluster.awaitCaughtUp(cluster.primary(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is the primary");
        assertThatThrownBy(() -> cluster.replica(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
