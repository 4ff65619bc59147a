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

/**
 * The core checks on the CONTAINER backend (image: rwsplit.testkit.image, default mysql:8.4). Without a Docker engine
 * the cluster does not start and the class is skipped with the reason ({@link DockerUnavailableException}).
 */
class ContainerClusterIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws SQLException {
        cluster = ReplicationCluster.builder().name("container-it").backend(Backend.CONTAINER).generalLog(true).start();
        try (Connection connection = cluster.connect(cluster.primary());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(100))");
        }
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
    }

    @Test
    void rowWrittenOnThePrimaryAppearsOnEveryReplica() throws SQLException {
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (1, 'replicated')");
        cluster.awaitCaughtUp(Duration.ofSeconds(30));
        for (ClusterNode replica : cluster.replicas()) {
            assertThat(TestSql.label(cluster, replica, 1)).isEqualTo("replicated");
        }
    }

    @Test
    void appCannotWriteOnAReplica() {
        assertThatThrownBy(() -> TestSql.update(cluster, cluster.replica(0), "INSERT INTO items VALUES (99, 'no')"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("read-only");
    }

    @Test
    void stoppedReplicaCatchesUpWhenStartedAgain() throws SQLException {
        ClusterNode replica = cluster.replica(1);
        cluster.stopReplication(replica);
        try {
            TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (2, 'held back')");
            assertThatThrownBy(() -> cluster.awaitCaughtUp(replica, Duration.ofMillis(500)))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            cluster.startReplication(replica);
        }
        cluster.awaitCaughtUp(replica, Duration.ofSeconds(30));
        assertThat(TestSql.label(cluster, replica, 2)).isEqualTo("held back");
    }

    @Test
    void killedReplicaCatchesUpAfterRestart() throws SQLException {
        ClusterNode replica = cluster.replica(0);
        cluster.kill(replica);
        assertThatThrownBy(() -> TestSql.connectQuickly(cluster, replica).close()).isInstanceOf(SQLException.class);
        TestSql.update(cluster, cluster.primary(), "INSERT INTO items VALUES (3, 'written while down')");
        cluster.restart(replica);
        cluster.awaitCaughtUp(replica, Duration.ofSeconds(60));
        assertThat(TestSql.label(cluster, replica, 3)).isEqualTo("written while down");
    }

    @Test
    void frozenReplicaDoesNotAnswerUntilThawed() throws SQLException {
        ClusterNode replica = cluster.replica(1);
        cluster.freeze(replica);
        try {
            assertThatThrownBy(() -> TestSql.connectQuickly(cluster, replica).close())
                    .isInstanceOf(SQLException.class);
        } finally {
            cluster.thaw(replica);
        }
        try (Connection connection = TestSql.connectQuickly(cluster, replica)) {
            assertThat(TestSql.query(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void statementsSeenCountsAMarkedStatementOnlyOnTheServerThatRanIt() throws SQLException {
        String marker = "seen-" + UUID.randomUUID();
        try (Connection connection = cluster.connect(cluster.replica(0))) {
            TestSql.query(connection, "SELECT /* " + marker + " */ COUNT(*) FROM items");
        }
        assertThat(cluster.statementsSeen(cluster.replica(0), marker)).isEqualTo(1);
        assertThat(cluster.statementsSeen(cluster.primary(), marker)).isZero();
        assertThat(cluster.statementsSeen(cluster.replica(1), marker)).isZero();
    }
}
