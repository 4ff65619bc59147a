package io.rwsplit.benchmarks;

import io.rwsplit.ClusterStatus;
import io.rwsplit.RwSplit;
import io.rwsplit.testkit.ReplicationCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A local testkit cluster with the benchmarks' table, {@code items}: {@code rows} rows with ids 1 to rows.
 * Closing it stops and removes every server it started.
 */
public final class BenchCluster implements AutoCloseable {

    /** The point select every benchmark runs, by primary key. */
    public static final String POINT_SELECT = "SELECT id, name, price, stock FROM items WHERE id = ?";
    /** The same as a plain statement: append the id. */
    public static final String POINT_SELECT_PREFIX = "SELECT id, name, price, stock FROM items WHERE id = ";
    /** The write of the read/write mix. */
    public static final String UPDATE_STOCK = "UPDATE items SET stock = stock + 1 WHERE id = ?";

    private static final Duration CAUGHT_UP_TIMEOUT = Duration.ofSeconds(60);

    private final ReplicationCluster cluster;
    private final int rows;

    private BenchCluster(ReplicationCluster cluster, int rows) {
        this.cluster = cluster;
        this.rows = rows;
    }

    /** Starts a cluster of one primary and {@code replicas} replicas and fills {@code items} on every node. */
    public static BenchCluster start(String name, int replicas, int rows) throws SQLException {
        ReplicationCluster cluster = ReplicationCluster.builder().name(name).replicas(replicas).start();
        try {
            try (Connection primary = cluster.connect(cluster.primary())) {
                createItems(primary, rows);
            }
            cluster.awaitCaughtUp(CAUGHT_UP_TIMEOUT);
            return new BenchCluster(cluster, rows);
        } catch (SQLException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static void createItems(Connection primary, int rows) throws SQLException {
        try (Statement ddl = primary.createStatement()) {
            ddl.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL,"
                    + " price DECIMAL(10,2) NOT NULL, stock INT NOT NULL)");
        }
        primary.setAutoCommit(false);
        try (PreparedStatement insert = primary.prepareStatement(
                "INSERT INTO items (id, name, price, stock) VALUES (?, ?, ?, ?)")) {
            for (int id = 1; id <= rows; id++) {
                insert.setInt(1, id);
                insert.setString(2, "item-" + id);
                insert.setBigDecimal(3, java.math.BigDecimal.valueOf(id % 100 * 100 + 99, 2));
                insert.setInt(4, 1_000);
                insert.addBatch();
                if (id % 1_000 == 0 || id == rows) {
                    insert.executeBatch();
                }
            }
            primary.commit();
        } finally {
            primary.setAutoCommit(true);
        }
    }

    public ReplicationCluster cluster() {
        return cluster;
    }

    public int rows() {
        return rows;
    }

    /**
     * The rwsplit URL of the whole cluster: {@code jdbc:rwsplit:mysql://primary,replica1,.../schema?...} with the
     * monitor account, the cluster name and {@code extra} ({@code key=value&...}, may be empty).
     */
    public String rwsplitUrl(String clusterName, String extra) {
        return rwsplitUrl(cluster.hostList(), clusterName, extra);
    }

    /** The same for the primary and the first replica only. */
    public String rwsplitUrlFirstReplica(String clusterName, String extra) {
        return rwsplitUrl(cluster.primary().hostAndPort() + "," + cluster.replica(0).hostAndPort(), clusterName,
                extra);
    }

    private String rwsplitUrl(String hosts, String clusterName, String extra) {
        return "jdbc:rwsplit:mysql://" + hosts + "/" + cluster.schema()
                + "?rwsplit.clusterName=" + clusterName
                + "&rwsplit.monitorUser=" + cluster.monitor().user()
                + "&rwsplit.monitorPassword=" + cluster.monitor().password()
                + (extra.isEmpty() ? "" : "&" + extra);
    }

    /**
     * Connector/J's own replication URL, {@code jdbc:mysql:replication://primary,replica1,.../schema}, with
     * {@code extra} as query ({@code key=value&...}, may be empty).
     */
    public String connectorReplicationUrl(String extra) {
        return "jdbc:mysql:replication://" + cluster.hostList() + "/" + cluster.schema()
                + (extra.isEmpty() ? "" : "?" + extra);
    }

    /** Waits until the rwsplit monitor behind {@code connection} has every replica it knows in its read pool. */
    public static void awaitServing(Connection connection, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ClusterStatus status = RwSplit.status(connection);
            List<String> replicas = status.replicas().stream().map(r -> r.endpoint().toString()).toList();
            if (!replicas.isEmpty() && replicas.stream().allMatch(status::isServing)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replicas " + replicas + " not serving reads after " + timeout
                        + ": " + status.replicas());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the replicas", e);
            }
        }
    }

    @Override
    public void close() {
        cluster.close();
    }
}
