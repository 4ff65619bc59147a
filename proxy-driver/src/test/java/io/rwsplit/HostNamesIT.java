package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rwsplit.monitor.Endpoint;
import io.rwsplit.monitor.ReplicaState;
import io.rwsplit.monitor.ReplicaStatus;
import io.rwsplit.testkit.ClusterNode;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The URL names its servers by host name, as apps in the cloud do, while the servers know each other by address (their
 * {@code report_host} and replication source are 127.0.0.1): routing, read-your-writes, discovery, an unresolvable
 * name and a switchover, all under the URL's names. The names resolve through the hosts file this class's own test JVM
 * is given ({@code host-names.hosts}, see the {@code host-names} execution in the module's pom).
 */
@EnabledIfSystemProperty(named = "jdk.net.hosts.file", matches = ".*host-names\\.hosts",
        disabledReason = "needs its own JVM with -Djdk.net.hosts.file=.../host-names.hosts: run it with mvn verify")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostNamesIT {

    private static final String PRIMARY_NAME = "primary.db.internal";
    private static final String[] REPLICA_NAMES = {"replica-1.db.internal", "replica-2.db.internal"};

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("host-names-it").replicas(2).semiSync(true).start();
        cluster.setUp("CREATE TABLE notes (id INT PRIMARY KEY, text VARCHAR(100))");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplitDriver.shutdown();
    }

    @Test
    @Order(1)
    void statementsReachTheServersTheUrlNames() throws Exception {
        ClusterNode primary = cluster.primary();
        try (Connection connection = DriverManager.getConnection(url("names-routing", namedHosts(),
                "&rwsplit.rebalanceInterval=0"))) {
            TopologyChecks.awaitServing(connection, 2);
            ClusterStatus status = RwSplit.status(connection);
            assertThat(status.primary()).isEqualTo(new Endpoint(PRIMARY_NAME, primary.port()));
            assertThat(endpoints(status.replicas())).containsExactly(named(0), named(1));

            assertThat(serverIdsOfReads(connection, 40)).as("reads reached both replicas")
                    .containsExactlyInAnyOrder(cluster.replica(0).serverId(), cluster.replica(1).serverId());

            long writesBefore = TopologyChecks.ownTransactions(cluster, primary);
            insert(connection, 1, "written under a host name");
            assertThat(TopologyChecks.ownTransactions(cluster, primary)).as("the insert ran on the primary")
                    .isEqualTo(writesBefore + 1);
            assertThat(text(connection, 1)).as("read back at once (read-your-writes)")
                    .isEqualTo("written under a host name");
            // Once the monitor has seen both replicas apply the write, reads after it still take turns on both.
            Thread.sleep(500);
            assertThat(serverIdsOfReads(connection, 40)).as("reads after the write reached both replicas")
                    .containsExactlyInAnyOrder(cluster.replica(0).serverId(), cluster.replica(1).serverId());
        }
    }

    @Test
    @Order(2)
    void replicasDiscoveredByAddressAreNotCountedTwice() throws Exception {
        // Every server named: the primary's replica list gives the same two replicas again, by address.
        try (Connection connection = DriverManager.getConnection(url("names-discovery", namedHosts(),
                "&rwsplit.discovery=replicas"))) {
            TopologyChecks.awaitServing(connection, 2);
            Thread.sleep(1000); // several polls, each with the primary's replica list
            assertThat(endpoints(RwSplit.status(connection).replicas())).containsExactly(named(0), named(1));
        }
        // Only the primary named: the replicas are found by the address they report.
        try (Connection connection = DriverManager.getConnection(url("names-primary-only",
                PRIMARY_NAME + ":" + cluster.primary().port(), "&rwsplit.discovery=replicas"
                        + "&rwsplit.rebalanceInterval=0"))) {
            TopologyChecks.awaitServing(connection, 2);
            assertThat(endpoints(RwSplit.status(connection).replicas())).containsExactlyInAnyOrder(
                    new Endpoint(cluster.replica(0).host(), cluster.replica(0).port()),
                    new Endpoint(cluster.replica(1).host(), cluster.replica(1).port()));
            assertThat(serverIdsOfReads(connection, 40)).containsExactlyInAnyOrder(cluster.replica(0).serverId(),
                    cluster.replica(1).serverId());
        }
    }

    @Test
    @Order(3)
    void aNameThatDoesNotResolveIsReportedAndTheOtherServersServe() throws Exception {
        String unresolvable = "replica-9.db.internal:3306";
        String hosts = PRIMARY_NAME + ":" + cluster.primary().port() + "," + named(0) + "," + unresolvable;
        try (Connection connection = DriverManager.getConnection(url("names-unresolvable", hosts, ""))) {
            TopologyChecks.awaitServing(connection, 1);
            ReplicaStatus missing = RwSplit.status(connection).replicas().stream()
                    .filter(replica -> replica.endpoint().toString().equals(unresolvable)).findFirst().orElseThrow();
            System.out.println("a replica whose name does not resolve: " + missing.state() + ", " + missing.reason());
            assertThat(missing.state()).isEqualTo(ReplicaState.DOWN);
            assertThat(missing.serving()).isFalse();
            assertThat(missing.reason()).contains("replica-9.db.internal")
                    .doesNotContain(cluster.app().password(), cluster.monitor().password());
            assertThat(serverIdsOfReads(connection, 20)).containsExactly(cluster.replica(0).serverId());
            insert(connection, 2, "with one name unresolvable");
            assertThat(text(connection, 2)).isEqualTo("with one name unresolvable");
        }
    }

    @Test
    @Order(4)
    void aSwitchoverIsFollowedUnderTheUrlsNames() throws Exception {
        ClusterNode oldPrimary = cluster.primary();
        ClusterNode promoted = cluster.replica(0);
        try (Connection connection = DriverManager.getConnection(url("names-switchover", namedHosts(), ""))) {
            TopologyChecks.awaitServing(connection, 2);
            cluster.switchover(promoted);
            Endpoint newPrimary = new Endpoint(REPLICA_NAMES[0], promoted.port());
            assertThat(TopologyChecks.await(() -> newPrimary.equals(statusOf(connection).primary()),
                    Duration.ofSeconds(10))).as("the primary is now " + newPrimary).isTrue();

            long writesBefore = TopologyChecks.ownTransactions(cluster, promoted);
            insert(connection, 3, "after the switchover");
            assertThat(TopologyChecks.ownTransactions(cluster, promoted)).as("the insert ran on the new primary")
                    .isGreaterThan(writesBefore);
            assertThat(text(connection, 3)).isEqualTo("after the switchover");

            Endpoint demoted = new Endpoint(PRIMARY_NAME, oldPrimary.port());
            assertThat(TopologyChecks.await(() -> statusOf(connection).isServing(demoted.toString()),
                    Duration.ofSeconds(10))).as(demoted + " serves reads as a replica of the new primary").isTrue();
            assertThat(endpoints(statusOf(connection).replicas())).containsExactlyInAnyOrder(demoted, named(1));
        }
    }

    private static String url(String clusterName, String hosts, String extra) {
        return "jdbc:rwsplit:mysql://" + hosts + "/" + cluster.schema() + "?rwsplit.clusterName=" + clusterName
                + "&rwsplit.pollInterval=100&rwsplit.restoreDwell=300&rwsplit.monitorUser=" + cluster.monitor().user()
                + "&rwsplit.monitorPassword=" + cluster.monitor().password() + "&user=" + cluster.app().user()
                + "&password=" + cluster.app().password() + extra;
    }

    private static String namedHosts() {
        return PRIMARY_NAME + ":" + cluster.primary().port() + "," + named(0) + "," + named(1);
    }

    /** The replica's endpoint under its name, as the URL gives it (before any switchover). */
    private static Endpoint named(int replica) {
        return new Endpoint(REPLICA_NAMES[replica], cluster.replica(replica).port());
    }

    private static List<Endpoint> endpoints(List<ReplicaStatus> replicas) {
        return replicas.stream().map(ReplicaStatus::endpoint).toList();
    }

    private static ClusterStatus statusOf(Connection connection) {
        try {
            return RwSplit.status(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<Integer> serverIdsOfReads(Connection connection, int reads) throws SQLException {
        Set<Integer> ids = new TreeSet<>();
        try (Statement statement = connection.createStatement()) {
            for (int i = 0; i < reads; i++) {
                try (ResultSet rows = statement.executeQuery("SELECT @@server_id")) {
                    rows.next();
                    ids.add(rows.getInt(1));
                }
            }
        }
        return ids;
    }

    private static void insert(Connection connection, int id, String text) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notes VALUES (?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, text);
            insert.executeUpdate();
        }
    }

    private static String text(Connection connection, int id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT text FROM notes WHERE id = ?")) {
            select.setInt(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
