package io.rwsplit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Switchover, failover, rejoin, detach and attach on real servers, with semi-synchronous replication: the roles
 * move, the data follows, and a restart keeps each node in its new role.
 */
class TopologyChangesIT {

    private ReplicationCluster cluster;

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void switchoverMovesThePrimaryAndEveryNodeFollowsItAlsoAfterARestart() throws SQLException {
        cluster = ReplicationCluster.builder().name("switchover-kit-it").replicas(2).semiSync(true).start();
        cluster.setUp("CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(100))");
        ClusterNode old = cluster.primary();
        ClusterNode next = cluster.replica(0);
        TestSql.update(cluster, old, "INSERT INTO items VALUES (1, 'before')");
        long started = System.nanoTime();
        Instant writable = cluster.switchover(next);
        System.out.printf("switchover took %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(writable).isBeforeOrEqualTo(Instant.now());
        assertThat(cluster.primary()).isEqualTo(next);
        assertThat(cluster.isPrimary(next)).isTrue();
        assertThat(cluster.replicas()).containsExactly(old, cluster.nodes().get(2));
        assertThatThrownBy(() -> TestSql.update(cluster, old, "INSERT INTO items VALUES (9, 'refused')"))
                .isInstanceOf(SQLException.class).extracting(e -> ((SQLException) e).getErrorCode()).isEqualTo(1290);

        TestSql.update(cluster, next, "INSERT INTO items VALUES (2, 'after')");
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
        for (ClusterNode node : cluster.nodes()) {
            assertThat(TestSql.label(cluster, node, 1)).as(node.name()).isEqualTo("before");
            assertThat(TestSql.label(cluster, node, 2)).as(node.name()).isEqualTo("after");
        }
        assertThat(semiSyncClients(next)).as("semi-synchronous replicas of the new primary").isEqualTo(2);

        cluster.restart(old);
        cluster.restart(next);
        assertThat(readOnly(old)).isEqualTo("1");
        assertThat(readOnly(next)).isEqualTo("0");
        TestSql.update(cluster, next, "INSERT INTO items VALUES (3, 'after restarts')");
        cluster.awaitCaughtUp(Duration.ofSeconds(10));
        assertThat(TestSql.label(cluster, old, 3)).isEqualTo("after restarts");
    }

    @Test
    void failoverPromotesTheMostAdvancedReplicaLosingNoAcknowledgedCommitAndRejoinMakesTheOldOneAReplica()
            throws SQLException {
        cluster = ReplicationCluster.builder().name("failover-kit-it").replicas(2).semiSync(true).start();
        cluster.setUp("CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(100))");
        ClusterNode old = cluster.primary();
        ClusterNode lagging = cluster.replica(1);
        cluster.stopReplication(lagging);
        for (int id = 1; id <= 50; id++) {
            TestSql.update(cluster, old, "INSERT INTO items VALUES (" + id + ", 'acknowledged')");
        }
        cluster.startReplication(lagging);
        long started = System.nanoTime();
        ReplicationCluster.Promotion promotion = cluster.failover();
        System.out.printf("failover took %d ms, promoted %s%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis(), promotion.promoted());
        ClusterNode promoted = promotion.promoted();
        assertThat(cluster.primary()).isEqualTo(promoted);
        assertThat(count(promoted)).as("acknowledged rows on the promoted primary").isEqualTo(50);
        TestSql.update(cluster, promoted, "INSERT INTO items VALUES (51, 'after failover')");
        ClusterNode other = cluster.replicas().stream().filter(node -> !node.equals(old)).findFirst().orElseThrow();
        cluster.awaitCaughtUp(other, Duration.ofSeconds(10));
        assertThat(count(other)).isEqualTo(51);

        cluster.rejoin(old);
        assertThat(readOnly(old)).isEqualTo("1");
        cluster.awaitCaughtUp(old, Duration.ofSeconds(10));
        assertThat(TestSql.label(cluster, old, 51)).isEqualTo("after failover");
    }

    @Test
    void detachedReplicasLeaveThePrimarysListAndAttachedOnesComeBack() throws Exception {
        cluster = ReplicationCluster.builder().name("attach-kit-it").replicas(2).start();
        ClusterNode replica = cluster.replica(1);
        assertThat(awaitListed(List.of(cluster.replica(0).port(), replica.port()))).isTrue();
        long started = System.nanoTime();
        cluster.detach(replica);
        assertThat(awaitListed(List.of(cluster.replica(0).port()))).isTrue();
        System.out.printf("detached replica unlisted after %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        cluster.makeWritable(replica);
        assertThat(readOnly(replica)).isEqualTo("0");
        cluster.makeReadOnly(replica);
        assertThat(readOnly(replica)).isEqualTo("1");
        started = System.nanoTime();
        cluster.attach(replica);
        assertThat(awaitListed(List.of(cluster.replica(0).port(), replica.port()))).isTrue();
        System.out.printf("attached replica listed after %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Waits up to 5 s for the primary's replica list to name exactly these ports (on 127.0.0.1). */
    private boolean awaitListed(List<Integer> ports) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Integer> listed;
        do {
            listed = listedPorts();
            if (listed.size() == ports.size() && listed.containsAll(ports)) {
                return true;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        System.out.println("listed: " + listed + ", expected " + ports);
        return false;
    }

    private List<Integer> listedPorts() throws SQLException {
        String sql = cluster.flavor() == Flavor.MARIADB ? "SHOW SLAVE HOSTS" : "SHOW REPLICAS";
        List<Integer> ports = new ArrayList<>();
        try (Connection root = cluster.connectAsRoot(cluster.primary()); Statement statement = root.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                assertThat(rows.getString("Host")).isEqualTo("127.0.0.1");
                ports.add(rows.getInt("Port"));
            }
        }
        return ports;
    }

    private String readOnly(ClusterNode node) throws SQLException {
        try (Connection root = cluster.connectAsRoot(node)) {
            return TestSql.query(root, "SELECT @@read_only");
        }
    }

    private long count(ClusterNode node) throws SQLException {
        try (Connection root = cluster.connectAsRoot(node)) {
            return Long.parseLong(TestSql.query(root, "SELECT COUNT(*) FROM " + cluster.schema() + ".items"));
        }
    }

    private long semiSyncClients(ClusterNode node) throws SQLException {
        try (Connection root = cluster.connectAsRoot(node); Statement statement = root.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_master_clients'")) {
            return rows.next() ? rows.getLong(2) : -1;
        }
    }
}
