package io.rwsplit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rwsplit.jdbc.RoutingConnection;
import io.rwsplit.routing.Route;
import io.rwsplit.testkit.ReplicationCluster;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What operators see: the JMX bean, the status API, and dry-run mode, on a real cluster. */
class ObservabilityIT {

    @AutoClose
    private static ReplicationCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ReplicationCluster.builder().name("observability-it").replicas(2).start();
        cluster.setUp("CREATE TABLE meters_it (id INT PRIMARY KEY)");
    }

    /** Before {@code @AutoClose} stops the servers: the driver's pools and monitors go first. */
    @AfterAll
    static void shutDownDriver() {
        RwSplit.shutdown();
    }

    @Test
    void publishesEachClusterOverJmxUntilItCloses() throws Exception {
        String url = ClusterUrls.withCredentials(cluster, "jmx-it", "");
        ObjectName name = new ObjectName("io.rwsplit:type=Cluster,name=" + ObjectName.quote("jmx-it"));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (Connection connection = DriverManager.getConnection(url)) {
            serverId(connection, "SELECT @@server_id");
            serverId(connection, "/* rwsplit:primary */ SELECT @@server_id");
            assertThat(server.isRegistered(name)).isTrue();
            assertThat(server.getAttribute(name, "ServingReplicas")).isEqualTo(2);
            assertThat((String[]) server.getAttribute(name, "Replicas")).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("HEALTHY serving"));
            Map<Object, Object> byRoute = asMap((TabularData) server.getAttribute(name, "StatementsByRoute"));
            assertThat(byRoute).containsEntry("read", 1L).containsEntry("hint", 1L);
            Map<Object, Object> byServer = asMap((TabularData) server.getAttribute(name, "StatementsByServer"));
            assertThat(byServer).containsEntry(cluster.primary().hostAndPort(), 1L);
            assertThat(server.getAttribute(name, "Retries")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "Primary")).isEqualTo(cluster.primary().hostAndPort());
            assertThat(server.getAttribute(name, "PrimaryChanges")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "NoPrimaryFailures")).isEqualTo(0L);
        }
        RwSplit.shutdown();
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void publishesMicrometerMetersWhileTheClusterIsOpen() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            try (Connection connection = DriverManager.getConnection(
                    ClusterUrls.withCredentials(cluster, "meters-it", ""))) {
                serverId(connection, "SELECT @@server_id");
                assertThat(registry.get("rwsplit.replica.serving").tag("cluster", "meters-it").gauges())
                        .hasSize(2).allSatisfy(gauge -> assertThat(gauge.value()).isEqualTo(1.0));
                assertThat(registry.get("rwsplit.replica.lag").tag("cluster", "meters-it").gauges()).hasSize(2);
                assertThat(registry.get("rwsplit.statements.routed").tags("cluster", "meters-it", "route",
                        "replica_read").functionCounter().count()).isEqualTo(1.0);
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO meters_it VALUES (1)");
                }
                serverId(connection, "SELECT @@server_id FROM meters_it");
                double afterWrite = 0;
                for (String outcome : List.of("covered", "wait", "primary")) {
                    afterWrite += registry.get("rwsplit.read.your.writes").tags("cluster", "meters-it", "outcome",
                            outcome).functionCounter().count();
                }
                assertThat(afterWrite).as("the read after the write, counted once").isEqualTo(1.0);
                assertThat(registry.get("rwsplit.primary.known").tag("cluster", "meters-it").gauge().value())
                        .isEqualTo(1.0);
                assertThat(registry.get("rwsplit.primary.changes").tag("cluster", "meters-it").functionCounter()
                        .count()).isZero();
                assertThat(registry.get("rwsplit.writes.retried").tag("cluster", "meters-it").functionCounter()
                        .count()).isZero();
            }
            RwSplit.shutdown();
            assertThat(registry.find("rwsplit.replica.serving").tag("cluster", "meters-it").gauges()).isEmpty();
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    @Test
    void dryRunCountsWhereStatementsWouldGoButRunsThemOnThePrimary() throws SQLException {
        String url = ClusterUrls.withCredentials(cluster, "dry-run-it", "&rwsplit.dryRun=true");
        try (Connection connection = DriverManager.getConnection(url)) {
            for (int i = 0; i < 10; i++) {
                assertThat(serverId(connection, "SELECT @@server_id")).isEqualTo(cluster.primary().serverId());
            }
            connection.setReadOnly(true);
            // Refused in read-only mode for real; in a dry run it runs, and is counted as refused.
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS dry_run_probe (id INT)");
            }
            ClusterStatus status = RwSplit.status(connection);
            assertThat(status.statementsByRoute()).containsEntry(Route.REPLICA_READ, 10L)
                    .containsEntry(Route.REFUSED_READ_ONLY, 1L);
            assertThat(status.statementsByServer().get(status.primary())).isEqualTo(11L);
            assertThat(status.statementsByServer().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(11L);
            assertThat(connection.unwrap(RoutingConnection.class).cluster().dryRun()).isTrue();
        }
    }

    private static Map<Object, Object> asMap(TabularData table) {
        Map<Object, Object> map = new java.util.HashMap<>();
        for (Object row : table.values()) {
            CompositeData entry = (CompositeData) row;
            map.put(entry.get("key"), entry.get("value"));
        }
        return map;
    }

    private static int serverId(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
