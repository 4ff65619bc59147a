package io.rwsplit;

import io.rwsplit.cluster.Cluster;
import io.rwsplit.cluster.ClusterRegistry;
import io.rwsplit.jdbc.PrimaryBlock;
import io.rwsplit.jdbc.RoutingConnection;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Static entry points for what plain JDBC cannot say: force the primary, read the cluster's status, shut down. */
public final class RwSplit {

    private RwSplit() {
    }

    /**
     * Sends every statement of {@code connection} to the primary until the returned block is closed, e.g. right
     * after a write whose result the next reads must see:
     * <pre>{@code try (var block = RwSplit.forcePrimary(connection)) { ... } }</pre>
     * Works on our connections and on pool proxies around them (HikariCP's, Spring's).
     */
    public static PrimaryBlock forcePrimary(Connection connection) throws SQLException {
        return routing(connection).forcePrimary();
    }

    /** The status of the cluster behind this connection: replica states and lag, and routed statements. */
    public static ClusterStatus status(Connection connection) throws SQLException {
        return ClusterStatus.of(routing(connection).cluster());
    }

    /** The status of the cluster behind this data source (ours, or a pool around our driver). */
    public static ClusterStatus status(DataSource dataSource) throws SQLException {
        if (dataSource.isWrapperFor(RwSplitDataSource.class)) {
            return ClusterStatus.of(dataSource.unwrap(RwSplitDataSource.class).cluster());
        }
        try (Connection connection = dataSource.getConnection()) {
            return status(connection);
        }
    }

    /** Closes every cluster the driver opened through DriverManager: pools, monitors, threads. */
    public static void shutdown() {
        ClusterRegistry.closeAll();
    }

    private static RoutingConnection routing(Connection connection) throws SQLException {
        if (connection == null) {
            throw new SQLException("connection is null", "S1009");
        }
        if (!connection.isWrapperFor(RoutingConnection.class)) {
            throw new SQLException("not an rwsplit connection: " + connection.getClass().getName()
                    + " (open it with a jdbc:rwsplit:mysql:// URL)", "S1009");
        }
        return connection.unwrap(RoutingConnection.class);
    }

    static Cluster clusterOf(Connection connection) throws SQLException {
        return routing(connection).cluster();
    }
}
